package org.frontdesk.reception.notifications;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;

/**
 * Forgets changes older than the retention window, in batches: delivered subscription events
 * first, then changes no subscription still has to deliver. An event a subscription has not
 * delivered (it is in error, or its endpoint is down) is kept until it is. The newest change is
 * always kept: positions go on from it, so event ids only grow even after a quiet spell.
 */
@ApplicationScoped
class ChangeRetention {

    private static final int BATCH = 10_000;

    @Inject EntityManager em;
    @Inject NotificationsConfig config;
    @Inject Clock clock;

    @Scheduled(every = "${reception.notifications.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        purge(clock.instant().minus(config.retention()));
    }

    /** Deletes what is older than {@code before} and no longer owed to anyone; returns the changes deleted. */
    int purge(Instant before) {
        int events;
        do {
            events = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                    delete from subscription_event where (subscription_id, event_number) in (
                        select se.subscription_id, se.event_number from subscription_event se
                        join subscription s on s.id = se.subscription_id
                        join change_event e on e.id = se.change_id
                        where se.event_number <= s.delivered_through and e.occurred_at < ?1 limit ?2)""")
                    .setParameter(1, before).setParameter(2, BATCH).executeUpdate());
        } while (events == BATCH);
        int total = 0;
        int changes;
        do {
            changes = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                    delete from change_event where id in (
                        select e.id from change_event e where e.occurred_at < ?1 and e.position is not null
                        and e.position < (select max(position) from change_event)
                        and not exists (select 1 from subscription_event se where se.change_id = e.id) limit ?2)""")
                    .setParameter(1, before).setParameter(2, BATCH).executeUpdate());
            total += changes;
        } while (changes == BATCH);
        return total;
    }
}
