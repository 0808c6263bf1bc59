package org.frontdesk.reception.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.frontdesk.reception.scheduling.DayList;
import org.frontdesk.reception.scheduling.SchedulingJson.DayEntry;
import org.frontdesk.reception.shared.PgListener;
import org.frontdesk.reception.shared.Wakeable;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The desk's live feed: each open connection (one desk screen watching one location) gets the
 * day list rows that change there, as Server-Sent Events whose id is the change's position.
 * Changes are read from the database by position when any instance publishes
 * ({@code reception_feed}), so a change made through another instance arrives too, and a
 * connection that comes back with {@code Last-Event-ID} gets what it missed while the changes
 * are retained; older than that, it gets a {@code reset} event (reload the day list). One thread
 * sends, rendering each change's row once for every screen watching. A screen that can't keep
 * up is closed (it reconnects and resumes).
 */
@ApplicationScoped
class DeskFeed {

    private static final int BATCH = 500;
    /** Events a connection may have unsent before it is closed as too slow (it resumes with Last-Event-ID). */
    private static final int MAX_IN_FLIGHT = 256;

    @Inject EntityManager em;
    @Inject PgListener listener;
    @Inject DayList dayList;
    @Inject ObjectMapper json;
    @Inject NotificationsConfig config;

    /** One screen: its location, the last position it was sent (or passed), and until when its token holds. */
    private record Connection(UUID location, SseEventSink sink, Sse sse, long[] lastSent, AtomicInteger inFlight,
                              Instant expires) {
    }

    private final Map<UUID, Set<Connection>> byLocation = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Wakeable sender = new Wakeable("desk-feed", this::pump);

    void start(@Observes StartupEvent e) {
        listener.on(ChangePublisher.FEED, this::wake);
    }

    void stop(@Observes ShutdownEvent e) {
        sender.stop();
        byLocation.values().forEach(set -> set.forEach(c -> c.sink().close()));
    }

    /**
     * Opens a connection: from {@code lastEventId} when the screen resumes (what it missed comes
     * first), else from now.
     */
    void open(UUID location, String lastEventId, Instant expires, SseEventSink sink, Sse sse) {
        Long resume = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                resume = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                resume = -1L;
            }
            if (resume < 0) {
                throw ProblemException.badRequest("/Last-Event-ID", "must be the id of an event this feed sent");
            }
        }
        if (open.incrementAndGet() > config.maxDeskConnections()) {
            open.decrementAndGet();
            throw new ProblemException(Problem.of(503, "/problems/feed-full", "Too many live feeds",
                    "This instance serves its maximum of desk feeds; try again shortly.").with("retryAfter", 5));
        }
        try {
            Long from = resume;
            long[] positions = QuarkusTransaction.requiringNew().call(() -> {
                Object[] r = (Object[]) em.createNativeQuery("select coalesce(max(position), 0), coalesce(min(position), 0) "
                        + "from change_event where position is not null").getSingleResult();
                return new long[] {((Number) r[0]).longValue(), ((Number) r[1]).longValue()};
            });
            long start = from == null ? positions[0] : from;
            if (from != null && (from > positions[0] || from + 1 < positions[1])) {
                // not a position we still have (too old, or from another database): start again from now
                sink.send(sse.newEventBuilder().name("reset").id(Long.toString(positions[0]))
                        .data("{\"reason\":\"the changes since that event are no longer kept; reload the day list\"}")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).build());
                start = positions[0];
            }
            Connection c = new Connection(location, sink, sse, new long[] {start}, new AtomicInteger(), expires);
            byLocation.compute(location, (l, set) -> {
                Set<Connection> s = set == null ? new CopyOnWriteArraySet<>() : set;
                s.add(c);
                return s;
            });
            // the first bytes: the screen knows it is connected (and proxies flush the headers)
            c.sink().send(sse.newEventBuilder().comment("connected").build());
        } catch (RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
        wake();
    }

    /** Sends what changed soon, on the feed's thread. */
    void wake() {
        sender.wake();
    }

    @Scheduled(every = "${reception.notifications.desk-heartbeat:PT15S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        Instant now = Instant.now();
        for (Set<Connection> set : byLocation.values()) {
            for (Connection c : set) {
                if (c.expires() != null && now.isAfter(c.expires())) {
                    close(c); // the token it was opened with has expired: the screen connects again with a new one
                } else {
                    send(c, c.sse().newEventBuilder().comment("heartbeat").build());
                }
            }
        }
    }

    /** A look for changes every poll while screens are connected, in case a notification was lost. */
    @Scheduled(every = "${reception.notifications.poll-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (open.get() > 0) {
            wake();
        }
    }

    private void pump() {
        var context = io.quarkus.arc.Arc.container().requestContext();
        context.activate();
        try {
            int got;
            do {
                got = pumpOnce();
            } while (got == BATCH && !sender.stopped());
        } finally {
            context.terminate();
        }
    }

    private record Change(long position, Instant at, String kind, UUID location, UUID appointmentId, String status,
                          UUID patientId, String resourceType, UUID resourceId) {
    }

    @SuppressWarnings("unchecked")
    private int pumpOnce() {
        for (UUID l : byLocation.keySet()) {
            byLocation.computeIfPresent(l, (k, set) -> set.isEmpty() ? null : set);
        }
        if (byLocation.isEmpty()) {
            return 0;
        }
        // the screens this batch is for: every one of them has seen or is sent all up to the batch's end
        List<Connection> present = byLocation.values().stream().flatMap(Set::stream).toList();
        UUID[] locations = present.stream().map(Connection::location).distinct().toArray(UUID[]::new);
        long from = present.stream().mapToLong(c -> c.lastSent()[0]).min().orElse(0);
        List<Change> changes = new ArrayList<>();
        Map<UUID, DayEntry> rows = QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> found = em.createNativeQuery("select position, occurred_at, desk, location_id, appointment_id,"
                            + " status, patient_id, resource_type, resource_id from change_event"
                            + " where desk is not null and location_id = any(?1) and position > ?2 order by position limit ?3")
                    .setParameter(1, locations).setParameter(2, from).setParameter(3, BATCH).getResultList();
            Set<UUID> appointments = new HashSet<>();
            for (Object[] r : found) {
                Change c = new Change(((Number) r[0]).longValue(), NotificationDelivery.instant(r[1]), (String) r[2], (UUID) r[3], (UUID) r[4],
                        (String) r[5], (UUID) r[6], (String) r[7], (UUID) r[8]);
                changes.add(c);
                if (c.appointmentId() != null) {
                    appointments.add(c.appointmentId());
                }
            }
            return dayList.rows(appointments);
        });
        for (Change change : changes) {
            Set<Connection> watching = byLocation.getOrDefault(change.location(), Set.of());
            if (watching.isEmpty()) {
                continue;
            }
            // one event, rendered once, for every screen watching
            OutboundSseEvent event = watching.iterator().next().sse().newEventBuilder()
                    .id(Long.toString(change.position())).name(change.kind())
                    .data(data(change, rows.get(change.appointmentId()))).mediaType(MediaType.APPLICATION_JSON_TYPE).build();
            for (Connection c : watching) {
                if (change.position() > c.lastSent()[0]) {
                    c.lastSent()[0] = change.position();
                    send(c, event);
                }
            }
        }
        if (!changes.isEmpty()) {
            // a screen whose location had nothing in this batch missed nothing up to its end either
            long end = changes.get(changes.size() - 1).position();
            for (Connection c : present) {
                c.lastSent()[0] = Math.max(c.lastSent()[0], end);
            }
        }
        return changes.size();
    }

    private String data(Change c, DayEntry row) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", c.kind());
        d.put("at", c.at().toString());
        d.put("appointmentId", c.appointmentId());
        d.put("status", c.status());
        if (!"Appointment".equals(c.resourceType())) {
            d.put(c.resourceType().substring(0, 1).toLowerCase() + c.resourceType().substring(1) + "Id", c.resourceId());
            d.put("patientId", c.patientId());
        }
        d.put("row", row);
        try {
            return json.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(Connection c, OutboundSseEvent event) {
        if (c.sink().isClosed() || c.inFlight().get() > MAX_IN_FLIGHT) {
            close(c);
            return;
        }
        c.inFlight().incrementAndGet();
        try {
            c.sink().send(event).whenComplete((ok, failed) -> {
                c.inFlight().decrementAndGet();
                if (failed != null) {
                    close(c);
                }
            });
        } catch (RuntimeException e) {
            close(c);
        }
    }

    private void close(Connection c) {
        boolean[] removed = new boolean[1];
        byLocation.computeIfPresent(c.location(), (l, set) -> {
            removed[0] = set.remove(c);
            return set.isEmpty() ? null : set;
        });
        if (removed[0]) {
            open.decrementAndGet();
            try {
                c.sink().close();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
