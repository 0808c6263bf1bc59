package org.frontdesk.reception.claims;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.coverage.CoverageConfig;
import org.frontdesk.reception.coverage.InsurerGateway;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.shared.LeasedWorker;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Delivers the claim outbox through the shared {@link LeasedWorker}: rows are taken under a
 * lease, sent outside any transaction with the claim version's idempotency key (so a resend
 * after a crash is one submission to the insurer), and the outcome is recorded by
 * {@link InsurerAnswers} while the lease is still ours. Several instances can run it at once.
 */
@ApplicationScoped
class ClaimDispatcher implements LeasedWorker.Work {

    private final LeasedWorker worker;
    private final InsurerGateway insurers;
    private final InsurerAnswers answers;
    private final PayerService payers;
    private final ClaimsConfig config;
    private final Clock clock;

    public ClaimDispatcher(LeasedWorker worker, InsurerGateway insurers, InsurerAnswers answers, PayerService payers,
                           ClaimsConfig config, Clock clock, CoverageConfig coverage) {
        this.worker = worker;
        this.insurers = insurers;
        this.answers = answers;
        this.payers = payers;
        this.config = config;
        this.clock = clock;
    }

    private LeasedWorker.Queue queue() {
        return new LeasedWorker.Queue("claim_outbox", config.dispatch().claimFor(), config.dispatch().maxAttempts(),
                config.dispatch().parallelism());
    }

    @Scheduled(every = "${reception.claims.dispatch.every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        worker.drain(queue(), config.dispatch().batch(), clock::instant, this);
    }

    /** Takes up to {@code batch} due rows, sends them, records each outcome; returns how many were taken. */
    public int dispatch(int batch) {
        return worker.runOnce(queue(), batch, clock::instant, this);
    }

    /** Takes due rows under a lease without sending them (what a dispatcher that dies at once leaves behind). */
    List<UUID> take(int batch) {
        return worker.take(queue(), batch, clock.instant()).ids();
    }

    /**
     * Stops this instance's leased work (claims, and with them reminders and eligibility: one
     * worker runs them all); the send in flight finishes and the rest are handed back.
     */
    public void stop(Duration wait) {
        worker.stop(wait);
    }

    void resume() {
        worker.resume();
    }

    @Override
    public void perform(UUID outboxId, UUID token) {
        record Work(ClaimOutbox row, Payer payer) {
        }
        Work work = QuarkusTransaction.requiringNew().call(() -> {
            ClaimOutbox row = ClaimOutbox.findById(outboxId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (!row.heldBy(token)) {
                return null; // another dispatcher took it after our lease ended (earlier rows were slow)
            }
            row.claimedUntil = clock.instant().plus(config.dispatch().claimFor()); // this send has the whole lease
            return new Work(row, payers.get(Claim.<Claim>findById(row.claimId).payerId));
        });
        if (work == null) {
            return;
        }
        boolean x12 = ClaimSubmissions.X12_CHANNEL.equals(work.payer().channel);
        InsurerGateway.Delivery d = x12
                ? insurers.submitX12Claim(work.payer(), work.row().payload, work.row().idempotencyKey)
                : insurers.submitClaim(work.payer(), work.row().payload, work.row().idempotencyKey);
        answers.delivered(outboxId, token, d, insurers.circuitDelay(work.payer()), x12);
    }

    @Override
    public void exhausted(UUID id) {
        answers.exhausted(id);
    }
}
