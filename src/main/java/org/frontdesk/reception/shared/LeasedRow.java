package org.frontdesk.reception.shared;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A row of leased work (a claim to deliver, a reminder to send, an eligibility question to ask):
 * it waits while {@code pending}, is taken by one instance at a time under a lease, and leaves
 * the queue with a final state. {@link LeasedWorker} takes rows; the feature records each outcome
 * on its row through these methods, while {@link #heldBy} says the lease is still its own.
 */
@MappedSuperclass
public abstract class LeasedRow extends PanacheEntityBase {

    public static final String PENDING = "pending";

    @Id
    public UUID id;
    /** {@code pending} while waiting; any other value is final. */
    public String state;
    /** Takes so far, each counted when taken (a taker that dies still used its attempt). */
    public int attempts;
    /** Not taken before this. */
    public Instant nextAttemptAt;
    /** Taken until this; another instance may take it after (its taker died). */
    public Instant claimedUntil;
    /** Who holds the lease: written anew by every take. */
    public UUID leaseToken;

    /** Whether the row still waits and the holder of this token still holds its lease. */
    public boolean heldBy(UUID token) {
        return PENDING.equals(state) && token != null && token.equals(leaseToken);
    }

    /** Gives the lease back without an attempt: nothing was tried (a circuit open, quiet hours); wait until {@code at}. */
    public void waitUntil(Instant at) {
        attempts = Math.max(0, attempts - 1);
        release();
        nextAttemptAt = at;
    }

    /** A failed attempt: the row is tried again after the backoff (exponential from {@code base}, jittered, capped). */
    public void retryLater(Instant now, Duration base, Duration cap) {
        release();
        nextAttemptAt = now.plus(backoff(attempts, base, cap));
    }

    /** Leaves the queue with a final state. */
    public void finish(String finalState) {
        state = finalState;
        release();
    }

    private void release() {
        claimedUntil = null;
        leaseToken = null;
    }

    /**
     * The one backoff rule of every retried call: {@code base} doubled per attempt after the
     * first, capped at {@code cap}, plus up to 20 % jitter so failures of many rows spread out.
     */
    public static Duration backoff(int attempts, Duration base, Duration cap) {
        long doubled = base.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(doubled < 0 ? Long.MAX_VALUE : doubled, cap.toMillis());
        return Duration.ofMillis(capped + (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }
}
