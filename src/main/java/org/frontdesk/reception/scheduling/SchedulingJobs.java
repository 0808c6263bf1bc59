package org.frontdesk.reception.scheduling;

import jakarta.inject.Inject;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.IntUnaryOperator;

/**
 * The scheduling work nobody asks for: releasing expired holds and marking no-shows. Each run
 * takes rows with {@code FOR UPDATE SKIP LOCKED} in batches, so any number of instances can run
 * it at once and each row is handled once; nothing is kept in memory between runs.
 */
@ApplicationScoped
class SchedulingJobs {

    private static final Logger LOG = Logger.getLogger(SchedulingJobs.class);
    private static final int BATCH = 100;

    @Inject AppointmentService appointments;

    @Scheduled(every = "${reception.scheduling.jobs-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void releaseExpiredHolds() {
        drain(appointments::expireHolds, "Released %d expired hold(s)");
    }

    @Scheduled(every = "${reception.scheduling.jobs-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void markNoShows() {
        drain(appointments::markNoShows, "Marked %d appointment(s) as no-show");
    }

    /** Runs a batch job until a batch comes back short, each batch in its own transaction. */
    private static void drain(IntUnaryOperator batchJob, String report) {
        int n;
        int total = 0;
        do {
            n = batchJob.applyAsInt(BATCH);
            total += n;
        } while (n == BATCH);
        if (total > 0) {
            LOG.infof(report, total);
        }
    }
}
