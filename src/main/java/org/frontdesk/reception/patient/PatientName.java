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

/** One of a patient's names (official, usual, maiden, ...), with its search keys. */
@Entity
@Table(name = "patient_name")
public class PatientName {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "patient_part")
    @SequenceGenerator(name = "patient_part", sequenceName = "patient_part_seq", allocationSize = 50)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id")
    public Patient patient;

    public int position;

    public String use;
    public String text;
    public String family;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> given = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> prefix = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> suffix = new ArrayList<>();
    public String periodStart;
    public String periodEnd;
    /** Search keys: written only by {@link PatientService} through SearchText. */
    public String familyNorm;
    public String givenNorm;
    public String wordsNorm = "";
}
