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
import org.frontdesk.reception.shared.Wakeable;

import java.util.List;

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

    static final String CHANGED = "reception_change";
    static final String FEED = "reception_feed";
    /** Sent with a publish that gave subscriptions events to deliver. */
    static final String DELIVER = "reception_deliver";
    /** Marks the publisher's statements (see {@link #publishOnce}). */
    static final String TAG = "/* publish */";
    private static final int BATCH = 500;

    @Inject EntityManager em;
    @Inject PgListener listener;

    private final Wakeable publisher = new Wakeable("change-publisher", this::drain);

    void start(@Observes StartupEvent e) {
        listener.on(CHANGED, this::wake);
    }

    void stop(@Observes ShutdownEvent e) {
        publisher.stop();
    }

    @Scheduled(every = "${reception.notifications.poll-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /** Publishes soon, on the publisher's thread. */
    void wake() {
        publisher.wake();
    }

    private void drain() {
        int published;
        do {
            published = publishOnce();
        } while (published == BATCH && !publisher.stopped());
    }

    /**
     * Publishes up to one batch of committed, unpublished changes; returns how many. Its statements
     * carry the comment {@value #TAG}, so statement counts can tell the request's own from this
     * work done after the commit.
     */
    @SuppressWarnings("unchecked")
    int publishOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select " + TAG + " pg_advisory_xact_lock(hashtextextended('reception.change-publisher', 18))")
                    .getSingleResult();
            // positions after the highest so far, in id order: safe, since publishers take turns under the lock
            List<Number> positions = em.createNativeQuery("with batch as (select " + TAG + " id, row_number() over (order by id)"
                            + " as n from (select id from change_event where position is null order by id limit ?1) b),"
                            + " top as (select coalesce(max(position), 0) as p from change_event)"
                            + " update change_event c set position = top.p + batch.n from batch, top where c.id = batch.id"
                            + " returning c.position")
                    .setParameter(1, BATCH).getResultList();
            if (positions.isEmpty()) {
                return 0;
            }
            long from = positions.stream().mapToLong(Number::longValue).min().orElseThrow();
            long to = positions.stream().mapToLong(Number::longValue).max().orElseThrow();
            // each matching subscription numbers its new events after the ones it has, in position order; a
            // subscription hears of changes made since it was created, not of older ones published late
            int events = em.createNativeQuery("""
                    with pairs as (
                        select %s s.id as sid, e.id as cid, row_number() over (partition by s.id order by e.position) as rn
                        from change_event e
                        join subscription s on s.topic = any(e.topics)
                            and s.status in ('requested', 'active', 'error')
                            and s.created_at <= e.occurred_at and (s.end_at is null or s.end_at > e.occurred_at)
                            and (s.filter_patient is null or s.filter_patient = e.patient_id)
                            and (s.filter_location is null or s.filter_location = e.location_id)
                            and (s.filter_practitioner is null or s.filter_practitioner = e.practitioner_id)
                            and (s.filter_status is null or s.filter_status = e.status)
                        where e.position between ?1 and ?2
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
                    """.formatted(TAG)).setParameter(1, from).setParameter(2, to).executeUpdate();
            // every instance's desk feeds, and (when there is something to deliver) every deliverer
            em.createNativeQuery("select " + TAG + " pg_notify(?1, ?2), case when ?3 then pg_notify(?4, '') end")
                    .setParameter(1, FEED).setParameter(2, Long.toString(to)).setParameter(3, events > 0)
                    .setParameter(4, DELIVER).getSingleResult();
            return positions.size();
        });
    }
}
