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

/** A phone number, e-mail address or other way to reach the patient. */
@Entity
@Table(name = "patient_telecom")
public class PatientTelecom {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "patient_part")
    @SequenceGenerator(name = "patient_part", sequenceName = "patient_part_seq", allocationSize = 50)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id")
    public Patient patient;

    public int position;

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
