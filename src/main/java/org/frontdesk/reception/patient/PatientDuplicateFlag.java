package org.frontdesk.reception.patient;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A likely duplicate raised for the front desk to look at; it never blocks the record that raised it. */
@Entity
@Table(name = "patient_duplicate_flag")
public class PatientDuplicateFlag extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "patient_part")
    @SequenceGenerator(name = "patient_part", sequenceName = "patient_part_seq", allocationSize = 50)
    public Long id;
    public UUID patientId;
    public UUID candidateId;
    public String reason;
    public BigDecimal score;
    public Instant raisedAt;
    public Instant resolvedAt;
    public String resolvedBy;
}
