package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Finishes eligibility checks an instance left pending (it stopped between recording the
 * question and recording the answer): claimed with {@code FOR UPDATE SKIP LOCKED}, sent again,
 * or closed as unknown after the configured attempts. Safe with several instances.
 */
@ApplicationScoped
class EligibilityJobs {

    private static final Logger LOG = Logger.getLogger(EligibilityJobs.class);
    private static final int BATCH = 10;

    @Inject EligibilityService eligibility;

    @Scheduled(every = "${reception.coverage.insurer.job-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void resumeInterruptedChecks() {
        int n = eligibility.resumeInterrupted(BATCH);
        if (n > 0) {
            LOG.infof("Resumed %d interrupted eligibility check(s)", n);
        }
    }
}
