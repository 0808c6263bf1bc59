package org.frontdesk.reception.notifications;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.AuditTrail;
import org.frontdesk.reception.shared.LeasedWorker;
import org.frontdesk.reception.shared.PgListener;
import org.frontdesk.reception.shared.Wakeable;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Delivers each subscription's notifications through the shared {@link LeasedWorker}: the
 * subscription is its own leased row, so one instance at a time sends its events, in order and
 * up to its max count per Bundle. The handshake comes first (success makes it {@code active},
 * failure {@code error}); then events, or a heartbeat when none came for its period. A failure
 * is retried with backoff under the same event numbers (at least once, never renumbered); after
 * {@code max-failures} in a row the subscription goes to {@code error}, keeps counting its
 * events, and waits for its client to ask again. Every post is audited with the patients it
 * carried.
 */
@ApplicationScoped
class NotificationDelivery implements LeasedWorker.Work {

    private static final Logger LOG = Logger.getLogger(NotificationDelivery.class);
    static final String ACTOR = "notifications";
    /** When a subscription with nothing to send and no heartbeat looks again (new events bring it forward). */
    private static final Duration IDLE = Duration.ofHours(1);

    @Inject LeasedWorker worker;
    @Inject EntityManager em;
    @Inject NotificationsConfig config;
    @Inject Clock clock;
    @Inject SubscriptionFhirMapper mapper;
    @Inject NotificationSender sender;
    @Inject AuditTrail audit;
    @Inject PgListener listener;

    private final Wakeable deliverer = new Wakeable("notification-delivery", this::drain);

    void start(@Observes StartupEvent e) {
        listener.on(ChangePublisher.DELIVER, this::wake);
    }

    void stop(@Observes ShutdownEvent e) {
        deliverer.stop();
    }

    @Scheduled(every = "${reception.notifications.poll-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /** Delivers what is due soon, on the delivery thread. */
    void wake() {
        deliverer.wake();
    }

    private void drain() {
        var context = io.quarkus.arc.Arc.container().requestContext();
        context.activate();
        try {
            // a take of as many as are sent at once: none waits in hand while its lease runs out
            worker.drain(queue(), config.parallelism(), clock::instant, this);
        } finally {
            context.terminate();
        }
    }

    LeasedWorker.Queue queue() {
        // a subscription is never given up on by the worker: failures in a row decide its error
        return new LeasedWorker.Queue("subscription", config.lease(), Integer.MAX_VALUE, config.parallelism());
    }

    @Override
    public void exhausted(UUID id) {
        // never: the queue has no attempt limit
    }

    /** What a take of a subscription comes to, decided and rendered in one read-only transaction. */
    private record Prepared(Subscription s, String type, List<SubscriptionFhirMapper.Event> events,
                            SubscriptionFhirMapper.Rendered body) {
    }

    /** Decides what to send (or that there is nothing to), with its events, and renders it. */
    private Prepared prepare(UUID id, UUID token, Instant now) {
        Subscription s = Subscription.findById(id);
        if (s == null || !s.heldBy(token)) {
            return null;
        }
        em.detach(s);
        if (s.endAt != null && !now.isBefore(s.endAt)) {
            return new Prepared(s, "ended", List.of(), null);
        }
        String type;
        List<SubscriptionFhirMapper.Event> events = List.of();
        if ("requested".equals(s.status)) {
            type = "handshake";
        } else if (s.eventsCount > s.deliveredThrough) {
            type = "event-notification";
            events = events(s);
            if (events.isEmpty()) {
                return new Prepared(s, "missing", events, null);
            }
        } else if (s.heartbeatSeconds != null && (s.lastSentAt == null
                || !now.isBefore(s.lastSentAt.plusSeconds(s.heartbeatSeconds)))) {
            type = "heartbeat";
        } else {
            return new Prepared(s, "idle", events, null);
        }
        return new Prepared(s, type, events, mapper.notification(s, type, events));
    }

    @Override
    public void perform(UUID id, UUID token) {
        Instant now = clock.instant();
        Prepared p;
        try {
            p = QuarkusTransaction.requiringNew().call(() -> prepare(id, token, now));
        } catch (RuntimeException e) { // a notification that can't be built is a failed delivery, not a silent loop
            LOG.warnf("Subscription %s: the notification could not be built: %s", id, e.getClass().getName());
            record(id, token, r -> failed(r, r.status, "the notification could not be built", clock.instant()));
            return;
        }
        if (p == null) {
            return;
        }
        Subscription s = p.s();
        switch (p.type()) {
            case "ended" -> {
                record(id, token, r -> {
                    r.status = "off";
                    r.finish(Subscription.STOPPED);
                });
                return;
            }
            case "missing" -> { // numbered events that are gone can't be sent: don't spin on them
                LOG.warnf("Subscription %s: events %d..%d are missing; skipped", id, s.deliveredThrough + 1, s.eventsCount);
                record(id, token, r -> {
                    r.deliveredThrough = r.eventsCount;
                    r.waitUntil(clock.instant());
                });
                return;
            }
            case "idle" -> {
                // events published since prepare read the row: deliver them now, else look again later
                record(id, token, r -> r.waitUntil(r.eventsCount > r.deliveredThrough ? now : nextLook(r, now)));
                return;
            }
            default -> {
                // a notification to send
            }
        }
        String type = p.type();
        List<SubscriptionFhirMapper.Event> sent = p.events();
        SubscriptionFhirMapper.Rendered body = p.body();
        // checked again before each post, as payer URLs are: the name may resolve elsewhere now
        String refused = org.frontdesk.reception.shared.OutboundUrls.problem(s.endpoint, SubscriptionService.insecureAllowed(config, s.endpoint));
        NotificationSender.Outcome o = refused != null
                ? new NotificationSender.Outcome(false, 0, "not sent: the endpoint " + refused, null)
                : sender.post(s.clientId, s.endpoint, s.payloadType, s.headers, s.hmacSecret, s.timeoutSeconds, body.body());
        if (o.heldUntil() != null) {
            record(id, token, r -> r.waitUntil(o.heldUntil()));
            return;
        }
        if (refused == null) { // what left us, with the patients it carried; a refused post sent nothing
            audit.recordSystem(ACTOR, s.clientId, AuditAction.EXECUTE, "Subscription", s.id.toString(), body.patients(),
                    "POST", target(s.endpoint), o.delivered() ? o.status() : o.status() >= 400 ? o.status() : 502);
        }
        Instant done = clock.instant();
        long through = sent.isEmpty() ? s.deliveredThrough : sent.get(sent.size() - 1).number();
        record(id, token, r -> {
            if (o.delivered()) {
                if ("handshake".equals(type)) {
                    r.status = "active";
                }
                r.deliveredThrough = Math.max(r.deliveredThrough, through);
                r.failures = 0;
                r.attempts = 0;
                r.lastSentAt = done;
                if (!sent.isEmpty()) {
                    r.lastDeliveredAt = done;
                }
                r.waitUntil(r.eventsCount > r.deliveredThrough ? done : nextLook(r, done));
                return;
            }
            failed(r, type, o.failure(), done);
        });
    }

    /** A failed attempt: retried with backoff, or (a handshake, or max-failures in a row) the subscription's error. */
    private void failed(Subscription r, String type, String why, Instant done) {
        r.failures++;
        boolean handshake = "handshake".equals(type) || "requested".equals(type);
        boolean giveUp = handshake || r.failures >= config.maxFailures();
        String said = giveUp ? (handshake ? "handshake failed: " : "after " + r.failures + " failed deliveries: ") + why
                : why;
        r.lastError = said.length() > 1000 ? said.substring(0, 1000) : said;
        r.lastErrorAt = done;
        if (giveUp) {
            // the IG: a failed handshake is an error; so is an endpoint that keeps failing
            r.status = "error";
            r.finish(Subscription.STOPPED);
            r.nextAttemptAt = done;
        } else {
            r.retryLater(done, config.retryBase(), config.retryCap());
        }
    }

    /** When a subscription with nothing to send looks again: its next heartbeat, or idly. */
    private static Instant nextLook(Subscription s, Instant now) {
        if (s.heartbeatSeconds == null) {
            return now.plus(IDLE);
        }
        Instant last = s.lastSentAt == null ? now : s.lastSentAt;
        Instant due = last.plusSeconds(s.heartbeatSeconds);
        return due.isBefore(now) ? now : due;
    }

    /** The next events to send, in order, up to the subscription's max count (in the caller's transaction). */
    @SuppressWarnings("unchecked")
    private List<SubscriptionFhirMapper.Event> events(Subscription s) {
        List<Object[]> rows = em.createNativeQuery("""
                        select se.event_number, e.occurred_at, e.resource_type, e.resource_id, e.patient_id,
                               array_to_string(e.topics, ','), e.id
                        from subscription_event se join change_event e on e.id = se.change_id
                        where se.subscription_id = ?1 and se.event_number > ?2 and se.event_number <= ?4
                        order by se.event_number limit ?3""")
                .setParameter(1, s.id).setParameter(2, s.deliveredThrough).setParameter(3, s.maxCount)
                .setParameter(4, s.eventsCount).getResultList();
        List<SubscriptionFhirMapper.Event> events = new ArrayList<>();
        for (Object[] r : rows) {
            events.add(new SubscriptionFhirMapper.Event(((Number) r[0]).longValue(), ((Number) r[6]).longValue(),
                    instant(r[1]), (String) r[2], (UUID) r[3], (UUID) r[4], (String) r[5]));
        }
        return events;
    }

    /** A timestamp column as a native query returns it (the driver's type varies). */
    static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        return ((java.sql.Timestamp) o).toInstant();
    }

    /** Records an outcome on the subscription while this taker still holds its lease. */
    private void record(UUID id, UUID token, java.util.function.Consumer<Subscription> change) {
        QuarkusTransaction.requiringNew().run(() -> {
            Subscription r = em.find(Subscription.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (r != null && r.heldBy(token)) {
                change.accept(r);
            }
        });
    }

    /** The endpoint as the audit trail keeps it: no query string (it may carry a token). */
    private static String target(String endpoint) {
        try {
            URI u = URI.create(endpoint);
            return u.getScheme() + "://" + u.getAuthority() + (u.getPath() == null ? "" : u.getPath());
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }
}
