package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends queued eligibility checks (the day-before job's) and finishes those an instance left
 * pending (it stopped between recording the question and recording the answer): claimed with
 * {@code FOR UPDATE SKIP LOCKED}, sent at each payer's rate and not while its circuit is open,
 * or closed as unknown after the configured attempts. Safe with several instances.
 */
@ApplicationScoped
class EligibilityJobs {

    private static final int BATCH = 10;

    @Inject EligibilityService eligibility;

    @Scheduled(every = "${reception.coverage.insurer.job-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sendQueuedChecks() {
        eligibility.sendQueued(BATCH);
    }
}
