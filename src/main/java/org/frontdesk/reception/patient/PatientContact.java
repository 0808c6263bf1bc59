package org.frontdesk.reception.patient;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.ArrayList;
import java.util.List;

/** A person related to the patient: emergency contact, next of kin, guarantor, employer. */
@Entity
@Table(name = "patient_contact")
public class PatientContact extends PatientPart {

    /** Contact roles: emergency-contact, next-of-kin, guarantor, employer, other (see ContactRole). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> roles = new ArrayList<>();
    /** v3-RoleCode personal relationship, e.g. SPS, MTH, CHILD. */
    public String relationship;
    public String family;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> given = new ArrayList<>();
    public String nameText;
    public String phone;
    public String email;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> line = new ArrayList<>();
    public String city;
    public String state;
    public String postalCode;
    public String country;
    public String gender;
    public String organizationName;
}
