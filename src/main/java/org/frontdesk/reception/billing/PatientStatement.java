package org.frontdesk.reception.billing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A statement issued to a guarantor: its content as issued (JSON), its cycle date and dunning level, its sending. */
@Entity
@Table(name = "patient_statement")
public class PatientStatement extends PanacheEntityBase {

    @Id
    public UUID id;
    public String guarantorKey;
    public String guarantorName;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public UUID[] patientIds;
    public LocalDate statementDate;
    public LocalDate dueDate;
    public BigDecimal totalDue;
    public int dunningLevel;
    public String content;
    public Instant createdAt;
    public String createdBy;
    public Instant sentAt;
    public String sentVia;
    public String sentBy;
}
