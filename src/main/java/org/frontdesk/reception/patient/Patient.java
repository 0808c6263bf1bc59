package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Tracked;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A registered patient: the relational source of truth behind both the {@code /api} JSON and
 * the FHIR Patient. Child rows (names, identifiers, ...) are owned and replaced as a whole.
 */
@Entity
@jakarta.persistence.EntityListeners(org.frontdesk.reception.fhir.FhirHistory.Listener.class)
@Table(name = "patient")
public class Patient extends Tracked {

    private static final String CURRENT = "coalesce((select c.decision = 'permit' from patient_consent c "
            + "where c.patient_id = id and c.superseded_at is null and c.kind = ";
    static final String SMS_CONSENT = CURRENT + "'sms'), false)";
    static final String EMAIL_CONSENT = CURRENT + "'email'), false)";


    /** Medical record number issued by this practice. */
    @Column(nullable = false, unique = true, updatable = false)
    public String mrn;

    public boolean active = true;
    /** FHIR administrative gender code: male, female, other, unknown. */
    public String gender;
    public LocalDate birthDate;
    public Boolean deceased;
    /** FHIR dateTime of death, as received. */
    public String deceasedAt;
    /** v3-MaritalStatus code. */
    public String maritalStatus;
    public Boolean multipleBirth;
    public Integer birthOrder;
    /** BCP-47 language tag, e.g. {@code es} or {@code en-US}. */
    public String preferredLanguage;
    /** OMB race category codes (urn:oid:2.16.840.1.113883.6.238). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> raceCodes = new ArrayList<>();
    public String raceText;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> ethnicityCodes = new ArrayList<>();
    public String ethnicityText;
    /** US Core birth sex: F, M, UNK. */
    public String birthSex;
    /**
     * Whether the patient consents to SMS and e-mail now: read from their current consent records
     * ({@link PatientConsent}), the one source of communication consent. Never written here: a
     * change goes through {@link Consents#record}. {@link PatientService} compares these before
     * and after a change to record what the desk or an EHR changed.
     */
    @Formula(SMS_CONSENT)
    public boolean smsConsent;
    @Formula(EMAIL_CONSENT)
    public boolean emailConsent;
    /** When the current SMS or e-mail decision was given (the later of the two). */
    @Formula("(select max(c.given_at) from patient_consent c where c.patient_id = id and c.kind in ('sms', 'email') "
            + "and c.superseded_at is null)")
    public Instant consentUpdatedAt;
    /** Sort key: the primary name, normalised; written by {@link PatientService}. */
    public String sortName = "";


    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<PatientName> names = new ArrayList<>();

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<PatientIdentifier> identifiers = new ArrayList<>();

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<PatientTelecom> telecoms = new ArrayList<>();

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<PatientAddress> addresses = new ArrayList<>();

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<PatientContact> contacts = new ArrayList<>();

    /** The name used for display and duplicate checks: the official one, else the first. */
    public PatientName primaryName() {
        return names.stream().filter(n -> "official".equals(n.use)).findFirst()
                .orElse(names.isEmpty() ? null : names.get(0));
    }

    /** The primary name as printed (receipts, statements): its text, else given names then family. */
    public String displayName() {
        PatientName n = primaryName();
        if (n == null) {
            return "(no name)";
        }
        if (n.text != null && !n.text.isBlank()) {
            return n.text;
        }
        return (String.join(" ", n.given) + " " + (n.family == null ? "" : n.family)).trim();
    }
}
