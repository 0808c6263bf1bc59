package org.frontdesk.reception.patient;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.ArrayList;
import java.util.List;

/** A postal or physical address of the patient. */
@Entity
@Table(name = "patient_address")
public class PatientAddress extends PatientPart {

    public String use;
    public String type;
    public String text;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> line = new ArrayList<>();
    public String city;
    public String district;
    public String state;
    public String postalCode;
    public String country;
    public String periodStart;
    public String periodEnd;
}
