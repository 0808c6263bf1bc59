package org.frontdesk.reception.notifications;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.shared.PgListener;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes committed changes: gives each a position in commit order, fans it out to the
 * subscriptions whose topic and filters it matches (numbering it per subscription), and notifies
 * every instance ({@code reception_feed}) in the same transaction. One publisher at a time
 * across the instances (an advisory lock), so positions only grow as they become visible: a desk
 * feed that read up to a position never misses a change that commits later. Woken by the
 * {@code reception_change} notification each change's commit sends, and by a slow poll.
 */
@ApplicationScoped
class ChangePublisher {

    private static final Logger LOG = Logger.getLogger(ChangePublisher.class);
    static final String CHANGED = "reception_change";
    static final String FEED = "reception_feed";
    private static final int BATCH = 500;

    @Inject EntityManager em;
    @Inject PgListener listener;
    @Inject NotificationDelivery delivery;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "change-publisher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean stopped;

    void start(@Observes StartupEvent e) {
        listener.on(CHANGED, this::wake);
    }

    void stop(@Observes ShutdownEvent e) {
        stopped = true;
        thread.shutdown();
    }

    @Scheduled(every = "${reception.notifications.poll-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /** Publishes soon, on the publisher's thread; wakes that coalesce into one run are one run. */
    void wake() {
        if (!stopped && wanted.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wanted.set(false);
            }
        }
    }

    private void drain() {
        wanted.set(false);
        try {
            int published;
            do {
                published = publishOnce();
                if (published > 0) {
                    delivery.wake();
                }
            } while (published == BATCH && !stopped);
        } catch (RuntimeException e) {
            LOG.warnf("Publishing changes failed (retried on the next change or poll): %s", e.getClass().getName());
        }
    }

    /** Publishes up to one batch of committed, unpublished changes; returns how many. */
    @SuppressWarnings("unchecked")
    int publishOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended('reception.change-publisher', 18))")
                    .getSingleResult();
            List<Number> ids = em.createNativeQuery("select id from change_event where position is null order by id limit ?1")
                    .setParameter(1, BATCH).getResultList();
            if (ids.isEmpty()) {
                return 0;
            }
            Long[] sorted = ids.stream().map(Number::longValue).toArray(Long[]::new);
            long base = ((Number) em.createNativeQuery("select coalesce(max(position), 0) from change_event")
                    .getSingleResult()).longValue();
            em.createNativeQuery("update change_event set position = ?1 + array_position(?2, id) where id = any(?2)")
                    .setParameter(1, base).setParameter(2, sorted).executeUpdate();
            // each matching subscription numbers its new events after the ones it has, in position order
            em.createNativeQuery("""
                    with pairs as (
                        select s.id as sid, e.id as cid, row_number() over (partition by s.id order by e.position) as rn
                        from change_event e
                        join subscription s on s.topic = any(e.topics)
                            and s.status in ('requested', 'active', 'error')
                            and (s.end_at is null or s.end_at > e.occurred_at)
                            and (s.filter_patient is null or s.filter_patient = e.patient_id)
                            and (s.filter_location is null or s.filter_location = e.location_id)
                            and (s.filter_practitioner is null or s.filter_practitioner = e.practitioner_id)
                            and (s.filter_status is null or s.filter_status = e.status)
                        where e.id = any(?1)
                    ), counted as (
                        update subscription s
                        set events_count = s.events_count + c.n,
                            next_attempt_at = case when s.state = 'pending' and s.failures = 0
                                then least(s.next_attempt_at, now()) else s.next_attempt_at end
                        from (select sid, count(*) as n from pairs group by sid) c
                        where s.id = c.sid
                        returning s.id, s.events_count - c.n as base
                    )
                    insert into subscription_event (subscription_id, event_number, change_id)
                    select p.sid, c.base + p.rn, p.cid from pairs p join counted c on c.id = p.sid
                    """).setParameter(1, sorted).executeUpdate();
            em.createNativeQuery("select pg_notify(?1, ?2)").setParameter(1, FEED)
                    .setParameter(2, Long.toString(base + sorted.length)).getSingleResult();
            return sorted.length;
        });
    }
}
