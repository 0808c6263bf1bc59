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

/** An identifier issued to the patient by someone else (SSN, another MRN, a driver's licence). */
@Entity
@Table(name = "patient_identifier")
public class PatientIdentifier {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "patient_part")
    @SequenceGenerator(name = "patient_part", sequenceName = "patient_part_seq", allocationSize = 50)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id")
    public Patient patient;

    public int position;

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
