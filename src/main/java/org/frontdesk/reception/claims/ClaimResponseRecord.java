package org.frontdesk.reception.claims;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An insurer's answer about a claim, verbatim and read. */
@Entity
@Table(name = "claim_response")
public class ClaimResponseRecord extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID claimId;
    public Instant receivedAt;
    /** sync (the answer to the submission) or callback (sent later by the insurer). */
    public String source;
    public String outcome;
    public String payerClaimNumber;
    public BigDecimal totalPaid;
    public BigDecimal patientResponsibility;
    public String reasons;
    public String payload;
}
