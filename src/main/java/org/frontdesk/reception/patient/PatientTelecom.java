package org.frontdesk.reception.patient;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A phone number, e-mail address or other way to reach the patient. */
@Entity
@Table(name = "patient_telecom")
public class PatientTelecom extends PatientPart {

    /** FHIR contact point system: phone, email, sms, ... */
    public String system;
    public String value;
    public String use;
    public Integer rank;
    public String periodStart;
    public String periodEnd;
    /** Search key: digits of a phone, lower-cased e-mail. */
    public String valueNorm;
}
