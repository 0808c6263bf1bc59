package org.frontdesk.reception.claims;

import org.frontdesk.reception.shared.LeasedRow;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One submission of one claim version waiting to go (pending), gone (sent), or given up on (failed). Never deleted. */
@Entity
@Table(name = "claim_outbox")
public class ClaimOutbox extends LeasedRow {

    static final String SENT = "sent";
    static final String FAILED = "failed";

    public UUID claimId;
    public int submission;
    public String idempotencyKey;
    public String payload;
    public String lastError;
    public Instant createdAt;
    public Instant sentAt;
}
