package org.frontdesk.reception.claims;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.frontdesk.reception.coverage.InsurerGateway;
import org.frontdesk.reception.coverage.Payer;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the claim outbox. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a lease
 * ({@code claimed_until}) in a short transaction, sent outside any transaction, and the outcome
 * recorded in another. Several instances can run it at once and never take the same row; an
 * instance that dies mid-send leaves its rows to be taken again when the lease ends, resent with
 * the same idempotency key so the insurer sees one submission. Failures wait with exponential
 * backoff and jitter; after the last attempt the claim needs attention, with the reason. Nothing
 * is ever marked sent that the insurer did not take.
 *
 * <p>On shutdown the dispatcher stops taking rows, lets the send in flight finish and record its
 * outcome, and hands back the leases of rows it took but has not sent, so another instance sends
 * them at once instead of after the lease.
 */
@ApplicationScoped
public class ClaimDispatcher {

    private static final Logger LOG = Logger.getLogger(ClaimDispatcher.class);

    private final EntityManager em;
    private final InsurerGateway insurers;
    private final ClaimService claims;
    private final ClaimFhirMapper fhir;
    private final ClaimsConfig config;
    private final Clock clock;
    private final Duration circuitDelay;
    private volatile boolean stopping;
    private final AtomicInteger running = new AtomicInteger();

    public ClaimDispatcher(EntityManager em, InsurerGateway insurers, ClaimService claims, ClaimFhirMapper fhir,
                           ClaimsConfig config, Clock clock, org.frontdesk.reception.coverage.CoverageConfig coverage) {
        this.circuitDelay = coverage.insurer().circuitDelay();
        this.em = em;
        this.insurers = insurers;
        this.claims = claims;
        this.fhir = fhir;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${reception.claims.dispatch.every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        int n;
        do {
            n = dispatch(config.dispatch().batch());
        } while (n == config.dispatch().batch());
    }

    /** Takes up to {@code batch} due rows, sends them, records each outcome; returns how many were taken. */
    public int dispatch(int batch) {
        running.incrementAndGet();
        try {
            if (stopping) {
                return 0;
            }
            List<UUID> taken = take(batch);
            for (int i = 0; i < taken.size(); i++) {
                if (stopping) {
                    release(taken.subList(i, taken.size()));
                    return 0;
                }
                try {
                    send(taken.get(i));
                } catch (RuntimeException e) {
                    // the lease ends and the row is taken again; never marked sent
                    LOG.warnf("Sending outbox row %s failed unexpectedly: %s", taken.get(i), e.getClass().getName());
                }
            }
            return taken.size();
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * Stops taking rows and waits (up to {@code wait}) for a dispatch in progress to finish its
     * current send and hand back the rest.
     */
    public void stop(Duration wait) {
        stopping = true;
        long until = System.nanoTime() + wait.toNanos();
        while (running.get() > 0 && System.nanoTime() < until) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void onShutdown(@Observes ShutdownEvent e) {
        stop(config.dispatch().shutdownWait());
    }

    /** Takes rows again after {@link #stop}; for tests that stop a dispatcher and go on with the same instance. */
    void resume() {
        stopping = false;
    }

    /** Hands back rows taken but not sent: the lease ends now, and the take is not counted as an attempt. */
    private void release(List<UUID> ids) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        update claim_outbox set claimed_until = null, attempts = greatest(attempts - 1, 0)
                        where id = any(?1) and state = 'pending'""")
                .setParameter(1, ids.toArray(UUID[]::new)).executeUpdate());
        LOG.infof("Shutting down: handed back %d outbox row(s) not yet sent", ids.size());
    }

    /** Claims due rows under a lease, in a transaction of their own. */
    List<UUID> take(int batch) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            @SuppressWarnings("unchecked")
            List<UUID> ids = em.createNativeQuery("""
                            select id from claim_outbox
                            where state = 'pending' and next_attempt_at <= ?1 and (claimed_until is null or claimed_until < ?1)
                            order by next_attempt_at limit ?2 for update skip locked""")
                    .setParameter(1, now).setParameter(2, batch).getResultList();
            if (!ids.isEmpty()) {
                em.createNativeQuery("update claim_outbox set claimed_until = ?1, attempts = attempts + 1 where id = any(?2)")
                        .setParameter(1, now.plus(config.dispatch().claimFor()))
                        .setParameter(2, ids.toArray(UUID[]::new)).executeUpdate();
            }
            return ids;
        });
    }

    private void send(UUID outboxId) {
        record Work(ClaimOutbox row, Payer payer) {
        }
        Work work = QuarkusTransaction.requiringNew().call(() -> {
            ClaimOutbox row = ClaimOutbox.findById(outboxId);
            Claim claim = Claim.findById(row.claimId);
            return new Work(row, Payer.findById(claim.payerId));
        });
        InsurerGateway.Delivery d = insurers.submitClaim(work.payer(), work.row().payload, work.row().idempotencyKey);
        QuarkusTransaction.requiringNew().run(() -> outcome(outboxId, d));
    }

    private void outcome(UUID outboxId, InsurerGateway.Delivery d) {
        ClaimOutbox row = em.find(ClaimOutbox.class, outboxId, LockModeType.PESSIMISTIC_WRITE);
        if (!"pending".equals(row.state)) {
            return; // another dispatcher recorded it after our lease ended
        }
        Claim claim = em.find(Claim.class, row.claimId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = clock.instant();
        // Taken: a 2xx, or a definite refusal of the claim itself (400, 422). Anything else (auth,
        // timeout, conflict with an in-flight copy, server errors) is not delivery.
        boolean taken = d.answered() && (d.httpStatus() < 300 || d.httpStatus() == 400 || d.httpStatus() == 422);
        if (d.notSent()) {
            // nothing left (the payer's circuit is open): not an attempt; wait for the circuit
            row.attempts = Math.max(0, row.attempts - 1);
            row.claimedUntil = null;
            row.lastError = d.failure();
            row.nextAttemptAt = now.plus(circuitDelay);
            return;
        }
        if (!taken) {
            fail(row, claim, d.failure() != null ? d.failure() : "the insurer answered HTTP " + d.httpStatus(), now);
            return;
        }
        row.state = "sent";
        row.sentAt = now;
        row.claimedUntil = null;
        row.lastError = null;
        ClaimFhirMapper.Reading r = null;
        String unreadable = null;
        if (d.httpStatus() < 400) {
            try {
                r = fhir.read(d.body(), claim.totalCharge);
            } catch (RuntimeException e) {
                unreadable = e.getMessage();
            }
        }
        if (r != null) {
            claims.recordAnswer(claim, d.body(), r, "sync");
            return;
        }
        ClaimResponseRecord response = new ClaimResponseRecord();
        response.id = UUID.randomUUID();
        response.claimId = claim.id;
        response.receivedAt = now;
        response.source = "sync";
        response.payload = d.body() == null ? "" : d.body();
        if (d.httpStatus() >= 400) {
            response.outcome = "refused";
            response.reasons = "HTTP " + d.httpStatus() + (d.body() == null ? "" : ": " + abbreviate(d.body()));
            response.payload = abbreviate(response.payload);
            response.persist();
            if (ClaimStatusPolicy.allowed(claim.status, "rejected")) {
                claims.move(claim, "rejected", "the insurer refused the submission: " + response.reasons);
            }
            return;
        }
        response.outcome = "unreadable";
        response.reasons = "the insurer took the claim (HTTP " + d.httpStatus() + ") but its answer could not be read: "
                + unreadable;
        response.persist();
        if (ClaimStatusPolicy.allowed(claim.status, "submitted")) {
            claims.move(claim, "submitted", response.reasons);
        }
    }

    private void fail(ClaimOutbox row, Claim claim, String why, Instant now) {
        row.lastError = why.length() > 2000 ? why.substring(0, 2000) : why;
        row.claimedUntil = null;
        if (row.attempts >= config.dispatch().maxAttempts()) {
            row.state = "failed";
            if (ClaimStatusPolicy.allowed(claim.status, "needs-attention")) {
                claims.move(claim, "needs-attention", "not delivered after " + row.attempts + " attempts: " + why);
            }
            return;
        }
        long base = config.dispatch().backoff().toMillis() << Math.min(row.attempts - 1, 20);
        long capped = Math.min(base, config.dispatch().maxBackoff().toMillis());
        long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
        row.nextAttemptAt = now.plus(Duration.ofMillis(capped + jitter));
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
