package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.Changes;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How appointments are written, for every rule that writes one: a new one checked against the
 * practitioner's hours, inserted under the exclusion constraint (an overlap is a 409), and every
 * status move recorded with who, when and why and announced as {@link AppointmentStatusChanged}.
 */
@ApplicationScoped
class AppointmentRecords {

    /** PostgreSQL's SQLSTATE for an exclusion-constraint violation. */
    private static final String EXCLUSION_VIOLATION = "23P01";
    /** PostgreSQL's SQLSTATE for a deadlock, which racing inserts under an exclusion constraint can end in. */
    private static final String DEADLOCK = "40P01";

    @Inject EntityManager em;
    @Inject Availability availability;
    @Inject Actors actors;
    @Inject Clock clock;
    @Inject io.micrometer.core.instrument.MeterRegistry metrics;
    @Inject jakarta.enterprise.event.Event<AppointmentStatusChanged> changes;
    @Inject org.frontdesk.reception.shared.ReferenceCache reference;
    @Inject org.frontdesk.reception.shared.Changes announced;

    /** A new appointment at a free-looking time: an active practitioner, location and visit type, within hours, not past. */
    Appointment newAppointment(UUID practitionerId, UUID locationId, UUID visitTypeId, Instant start) {
        Practitioner p = reference.get(List.of("Practitioner", practitionerId), () -> Practitioner.findById(practitionerId));
        if (p == null || !p.active) {
            throw ProblemException.badRequest("/practitionerId", "No active practitioner " + practitionerId + ".");
        }
        Location location = location(locationId);
        VisitType type = reference.get(List.of("VisitType", visitTypeId), () -> VisitType.findById(visitTypeId));
        if (type == null || !type.active) {
            throw ProblemException.badRequest("/visitTypeId", "No active visit type " + visitTypeId + ".");
        }
        Instant now = clock.instant();
        if (start.isBefore(now)) {
            throw ProblemException.badRequest("/start", "The start is in the past.");
        }
        if (!availability.withinHours(practitionerId, location, type, start)) {
            throw new ProblemException(Problem.of(422, "/problems/outside-hours", "Outside the practitioner's hours",
                    "The practitioner does not see patients at this location then (hours, holiday or blocked time).")
                    .withErrors(List.of(new FieldError("/start", "is not within the practitioner's hours"))));
        }
        Appointment a = new Appointment();
        a.id = UUID.randomUUID();
        a.practitionerId = practitionerId;
        a.locationId = locationId;
        a.visitTypeId = visitTypeId;
        a.startsAt = start;
        a.endsAt = start.plus(Duration.ofMinutes(type.durationMinutes));
        a.busyStart = start.minus(Duration.ofMinutes(type.bufferBeforeMinutes));
        a.busyEnd = a.endsAt.plus(Duration.ofMinutes(type.bufferAfterMinutes));
        a.created(actors.current(), now);
        return a;
    }

    Location location(UUID id) {
        Location location = reference.get(List.of("Location", id), () -> Location.findById(id));
        if (location == null || !location.active) {
            throw ProblemException.badRequest("/locationId", "No active location " + id + ".");
        }
        return location;
    }

    /** Holds that expired but no job has released yet must not keep anyone from the slot. */
    void releaseExpiredHolds(Appointment wanted) {
        lock(wanted.practitionerId); // before the holds' rows are written
        List<Appointment> stale = Appointment.list("practitionerId = ?1 and status = 'pending' and holdExpiresAt < ?2 "
                + "and busyStart < ?3 and busyEnd > ?4", wanted.practitionerId, clock.instant(), wanted.busyEnd,
                wanted.busyStart);
        for (Appointment h : stale) {
            h.holdToken = null;
            move(h, AppointmentStatus.CANCELLED, "hold expired");
        }
        if (!stale.isEmpty()) {
            em.flush();
        }
    }

    void insert(Appointment a) {
        if (AppointmentStatusPolicy.occupiesTime(a.status())) {
            queue(a);
        }
        em.persist(a);
        flushOrRefuse();
        record(a, null, a.status, null);
    }

    /**
     * Moves an appointment to the time (and practitioner) of {@code at}; it keeps its status. Refused
     * like a booking when the time is taken. One write, so one new version. A booked waitlist offer
     * moved is no longer the time offered: its {@code offeredFrom} (only read when it is booked) is
     * cleared, so the once-per-time index does not refuse a move to a time the entry once declined.
     */
    void relocate(Appointment a, Appointment at, String why) {
        queue(at);
        a.offeredFrom = null;
        a.practitionerId = at.practitionerId;
        a.startsAt = at.startsAt;
        a.endsAt = at.endsAt;
        a.busyStart = at.busyStart;
        a.busyEnd = at.busyEnd;
        a.updatedAt = clock.instant();
        a.updatedBy = actors.current();
        flushOrRefuse();
        record(a, a.status, a.status, why);
    }

    /**
     * Bookings of one practitioner queue here, so a racing loser meets the winner's committed row
     * and fails at once (23P01), instead of both speculative inserts deadlocking and waiting out
     * deadlock_timeout. The exclusion constraint stays the guarantee; this lock only makes losing
     * fast. Other practitioners are not held up.
     */
    private void queue(Appointment a) {
        lock(a.practitionerId);
    }

    /**
     * Takes the practitioner's booking lock until the transaction ends: no other booking of theirs
     * goes in meanwhile. Every write that books, holds, frees or moves a practitioner's time takes
     * it BEFORE it writes (or locks) an appointment row: a booking waits on an uncommitted row that
     * overlaps it (the exclusion constraint), so a transaction that wrote a row first and then
     * asked for this lock could deadlock with it.
     */
    void lock(UUID practitionerId) {
        // held to the end of the transaction: taken once per transaction (a statement saved per booking)
        @SuppressWarnings("unchecked")
        java.util.Set<UUID> held = transaction.getTransactionKey() == null ? null
                : (java.util.Set<UUID>) transaction.getResource(LOCKS);
        if (held != null && held.contains(practitionerId)) {
            return;
        }
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 4242))")
                .setParameter(1, "appointment:" + practitionerId).getSingleResult();
        if (transaction.getTransactionKey() != null) {
            if (held == null) {
                held = new java.util.HashSet<>();
                transaction.putResource(LOCKS, held);
            }
            held.add(practitionerId);
        }
    }

    private static final String LOCKS = AppointmentRecords.class.getName() + ".locks";
    @Inject jakarta.transaction.TransactionSynchronizationRegistry transaction;

    /** Both practitioners' booking locks (the second may be null or the same), always in one order, so two moves can't deadlock. */
    void lock(UUID practitionerId, UUID other) {
        if (other == null || other.equals(practitionerId)) {
            lock(practitionerId);
        } else if (practitionerId.compareTo(other) < 0) {
            lock(practitionerId);
            lock(other);
        } else {
            lock(other);
            lock(practitionerId);
        }
    }

    private void flushOrRefuse() {
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (isOverlap(e)) {
                metrics.counter("reception.bookings.refused", "reason", "slot-taken").increment();
                throw new ProblemException(Problem.of(409, "/problems/slot-taken", "Time no longer free",
                        "The practitioner already has an appointment or hold overlapping this time. "
                                + "Pick another slot.")
                        .withErrors(List.of(new FieldError("/start", "overlaps another appointment or hold"))));
            }
            throw e;
        }
    }

    void move(Appointment a, AppointmentStatus to, String reason) {
        String from = a.status;
        a.status = to.code();
        if (AppointmentStatusPolicy.needsReason(to)) {
            a.cancellationReason = reason;
        }
        a.updatedAt = clock.instant();
        a.updatedBy = actors.current();
        record(a, from, a.status, reason);
        changes.fire(new AppointmentStatusChanged(a.id, a.patientId, a.locationId, a.visitTypeId, a.startsAt,
                from == null ? null : AppointmentStatus.fromCode(from), to, reason, a.updatedAt));
    }

    private void record(Appointment a, String from, String to, String reason) {
        AppointmentStatusChange c = new AppointmentStatusChange();
        c.appointmentId = a.id;
        c.fromStatus = from;
        c.toStatus = to;
        c.reason = reason;
        c.changedAt = clock.instant();
        c.changedBy = actors.current();
        em.persist(c);
        announce(a, from, to, reason);
    }

    /**
     * Tells the EHR subscriptions and the desk feed what this write was: a booking, a cancellation,
     * a move to another time or another status move. Holds (offered, expired) are nobody's news.
     */
    private void announce(Appointment a, String from, String to, String reason) {
        String held = AppointmentStatus.PENDING.code();
        if (held.equals(to) || (held.equals(from) && AppointmentStatus.CANCELLED.code().equals(to))) {
            return;
        }
        List<String> topics;
        String desk;
        if (to.equals(from)) {
            topics = List.of(Changes.APPOINTMENT_RESCHEDULED);
            desk = "rescheduled";
        } else if (AppointmentStatus.BOOKED.code().equals(to)) {
            topics = List.of(from == null && a.rescheduledFrom != null ? Changes.APPOINTMENT_RESCHEDULED
                    : Changes.APPOINTMENT_BOOKED);
            desk = "booked";
        } else if (from == null) {
            topics = List.of(Changes.APPOINTMENT_STATUS);
            desk = null;
        } else if (AppointmentStatus.CANCELLED.code().equals(to)) {
            // the old appointment of a reschedule, or a waitlist entry now booked: its status moves,
            // but the patient did not cancel (and a waitlist entry was never on the day list)
            boolean waitlist = AppointmentStatus.WAITLIST.code().equals(from);
            topics = AppointmentService.RESCHEDULED.equals(reason) || waitlist ? List.of(Changes.APPOINTMENT_STATUS)
                    : List.of(Changes.APPOINTMENT_CANCELLED, Changes.APPOINTMENT_STATUS);
            desk = waitlist ? null : "cancelled";
        } else {
            topics = List.of(Changes.APPOINTMENT_STATUS);
            desk = to;
        }
        List<String> all = new java.util.ArrayList<>(topics);
        all.add(Changes.APPOINTMENT_CHANGED);
        announced.record(new Changes.Change("Appointment", a.id, all, desk, a.patientId, a.locationId,
                a.practitionerId, a.id, to));
    }

    private static boolean isOverlap(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql
                    && (EXCLUSION_VIOLATION.equals(sql.getSQLState()) || DEADLOCK.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
