package org.frontdesk.reception.claims;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One submission of one claim version waiting to go, gone, or given up on. Never deleted. */
@Entity
@Table(name = "claim_outbox")
public class ClaimOutbox extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID claimId;
    public int submission;
    public String idempotencyKey;
    public String payload;
    /** pending, sent or failed. */
    public String state;
    public int attempts;
    public Instant nextAttemptAt;
    public Instant claimedUntil;
    public String lastError;
    public Instant createdAt;
    public Instant sentAt;
}
