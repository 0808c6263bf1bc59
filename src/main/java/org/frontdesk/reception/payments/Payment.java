package org.frontdesk.reception.payments;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A payment, a refund of one, or a void of one. Rows are never changed (a database trigger refuses it). */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {

    @Id
    public UUID id;
    @Generated
    @Column(insertable = false, updatable = false)
    public Long receiptNumber;
    public String kind;
    public UUID patientId;
    public UUID appointmentId;
    public UUID locationId;
    public LocalDate businessDate;
    /** The user whose drawer this counts in. */
    public String drawer;
    public String method;
    public BigDecimal amount;
    /** Payments add, refunds and voids take away (computed by the database). */
    @Generated
    @Column(insertable = false, updatable = false)
    public BigDecimal signedAmount;
    public String currency;
    @Column(name = "card_last4")
    public String cardLast4;
    public String processorReference;
    public String checkNumber;
    public UUID originalId;
    public String reason;
    public Instant takenAt;
    public String takenBy;
}
