package org.frontdesk.reception.shared;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;

/**
 * Forgets idempotency records older than the retention (default 7 days: longer than any client
 * retries), in batches that skip rows another instance is deleting, so several instances can run
 * it at once. A retry after the retention is treated as a new request.
 */
@ApplicationScoped
public class IdempotencyPurge {

    private static final int BATCH = 1000;

    private final EntityManager em;
    private final Duration retention;
    private final Clock clock;

    public IdempotencyPurge(EntityManager em, Clock clock,
                            @ConfigProperty(name = "reception.idempotency.retention", defaultValue = "P7D") Duration retention) {
        this.em = em;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(every = "${reception.idempotency.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purgeOld() {
        while (purgeBatch() == BATCH) {
            // keep going while full batches come back
        }
    }

    /** Deletes up to one batch of expired records; returns how many. */
    @Transactional
    public int purgeBatch() {
        return em.createNativeQuery("""
                        delete from idempotency_record where ctid in (
                            select ctid from idempotency_record where created_at < ?1
                            limit ?2 for update skip locked)""")
                .setParameter(1, clock.instant().minus(retention)).setParameter(2, BATCH).executeUpdate();
    }
}
