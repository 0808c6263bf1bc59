package org.frontdesk.reception.patient;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A patient's decision on one policy: the HIPAA privacy notice, the financial policy, or being
 * contacted by SMS or e-mail; given (permit) or refused (deny) at a time, to a version of the
 * policy text, optionally with the signed document. A later decision on the same kind supersedes
 * it; the old one stays as history. Written only by {@link Consents}.
 */
@Entity
@Table(name = "patient_consent")
public class PatientConsent extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID patientId;
    /** privacy-notice, financial-policy, sms, email. */
    public String kind;
    /** permit or deny. */
    public String decision;
    public String policyVersion;
    /** When the patient gave (or refused) it: the signature's date. */
    public Instant givenAt;
    /** The signed document, if one was captured. */
    public UUID documentId;
    /** desk, ehr, patient-form, reply (a STOP to a message), migration. */
    public String source;
    public Instant recordedAt;
    public String recordedBy;
    public Instant supersededAt;
    public UUID supersededBy;

    public boolean current() {
        return supersededAt == null;
    }

    public boolean permits() {
        return "permit".equals(decision);
    }
}
