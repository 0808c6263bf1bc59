package org.frontdesk.reception.patient;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.ArrayList;
import java.util.List;

/** A postal or physical address of the patient. */
@Entity
@Table(name = "patient_address")
public class PatientAddress {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "patient_part")
    @SequenceGenerator(name = "patient_part", sequenceName = "patient_part_seq", allocationSize = 50)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id")
    public Patient patient;

    public int position;

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
