package org.frontdesk.reception.claims;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A payment from a payer as its 835 said it (written by {@link Remittances}, read here): posted,
 * or held with the reasons it was not. The file itself stays in the table, compressed, unmapped.
 */
@Entity
@Table(name = "remittance")
public class Remittance extends PanacheEntityBase {

    @Id
    public UUID id;
    public String fileSha256;
    public String transactionNumber;
    public String payerIdentifier;
    public String payerName;
    public UUID payerId;
    public String traceNumber;
    public String handlingCode;
    public BigDecimal paymentAmount;
    public String creditDebit;
    public String paymentMethod;
    public LocalDate paymentDate;
    public int claimCount;
    public BigDecimal claimsPaid;
    public BigDecimal providerAdjustments;
    public String status;
    public String reasons;
    public Instant receivedAt;
    public String receivedBy;
}
