package org.frontdesk.reception.scheduling;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The scheduling work nobody asks for: releasing expired holds and marking no-shows. Each run
 * takes rows with {@code FOR UPDATE SKIP LOCKED} in batches, so any number of instances can run
 * it at once and each row is handled once; nothing is kept in memory between runs.
 */
@ApplicationScoped
public class SchedulingJobs {

    private static final Logger LOG = Logger.getLogger(SchedulingJobs.class);
    private static final int BATCH = 100;

    private final AppointmentService appointments;

    public SchedulingJobs(AppointmentService appointments) {
        this.appointments = appointments;
    }

    @Scheduled(every = "${reception.scheduling.jobs-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void releaseExpiredHolds() {
        int n;
        int total = 0;
        do {
            n = appointments.expireHolds(BATCH);
            total += n;
        } while (n == BATCH);
        if (total > 0) {
            LOG.infof("Released %d expired hold(s)", total);
        }
    }

    @Scheduled(every = "${reception.scheduling.jobs-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void markNoShows() {
        int n;
        int total = 0;
        do {
            n = appointments.markNoShows(BATCH);
            total += n;
        } while (n == BATCH);
        if (total > 0) {
            LOG.infof("Marked %d appointment(s) as no-show", total);
        }
    }
}
