package org.frontdesk.reception.patient;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An identifier issued to the patient by someone else (SSN, another MRN, a driver's licence). */
@Entity
@Table(name = "patient_identifier")
public class PatientIdentifier extends PatientPart {

    public String use;
    public String system;
    public String value;
    public String typeSystem;
    public String typeCode;
    public String typeText;
    public String periodStart;
    public String periodEnd;
    /** Display name of the issuing organisation. */
    public String assigner;
}
