package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Where;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Booking rules, the same for both faces: book (optionally a held slot, or an approved
 * overbooking), hold, reschedule atomically, and every status change through
 * {@link AppointmentStatusPolicy}, recorded with who and when. Overlaps are refused by the
 * database's exclusion constraint, so racing requests can only produce one booking.
 */
@ApplicationScoped
public class AppointmentService {

    /** The cancellation reason of the old appointment of a reschedule (reports leave those out). */
    public static final String RESCHEDULED = "rescheduled";

    /** PostgreSQL's SQLSTATE for an exclusion-constraint violation. */
    private static final String EXCLUSION_VIOLATION = "23P01";
    /** PostgreSQL's SQLSTATE for a deadlock, which racing inserts under an exclusion constraint can end in. */
    private static final String DEADLOCK = "40P01";

    private final EntityManager em;
    private final Availability availability;
    private final PatientService patients;
    private final CoverageService coverages;
    private final SchedulingConfig config;
    private final Caller caller;
    private final Actors actors;
    private final Clock clock;
    private final io.micrometer.core.instrument.MeterRegistry metrics;
    private final jakarta.enterprise.event.Event<AppointmentStatusChanged> changes;

    public AppointmentService(EntityManager em, Availability availability, PatientService patients,
                              CoverageService coverages, SchedulingConfig config, Caller caller, Actors actors, Clock clock,
                              io.micrometer.core.instrument.MeterRegistry metrics,
                              jakarta.enterprise.event.Event<AppointmentStatusChanged> changes) {
        this.metrics = metrics;
        this.changes = changes;
        this.actors = actors;
        this.em = em;
        this.availability = availability;
        this.patients = patients;
        this.coverages = coverages;
        this.config = config;
        this.caller = caller;
        this.clock = clock;
    }

    /** What the desk asks for when booking. {@code overbookReason} asks to book over an existing appointment. */
    public record Booking(UUID patientId, UUID practitionerId, UUID locationId, UUID visitTypeId, Instant start,
                          String holdToken, String overbookReason, String comment) {
    }

    @Transactional
    public Appointment book(Booking b) {
        if (b.holdToken() != null) {
            return bookHeld(b);
        }
        patients.get(b.patientId());
        Appointment a = newAppointment(b.practitionerId(), b.locationId(), b.visitTypeId(), b.start());
        a.patientId = b.patientId();
        a.status = AppointmentStatus.BOOKED.code();
        a.comment = b.comment();
        if (b.overbookReason() != null) {
            if (!caller.hasRole(config.overbookRole())) {
                throw new ProblemException(Problem.of(403, "/problems/overbook-not-allowed", "Overbooking not allowed",
                        "Only the " + config.overbookRole() + " role may approve an overbooking."));
            }
            a.overbooked = true;
            a.overbookApprovedBy = actors.current();
            a.overbookReason = b.overbookReason();
        }
        releaseExpiredHolds(a);
        insert(a);
        metrics.counter("reception.bookings", "kind", a.overbooked ? "overbooked" : "booked").increment();
        return a;
    }

    /** Puts a patient on the waitlist for a practitioner, location and visit type within a window. */
    @Transactional
    public Appointment waitlist(UUID patientId, UUID practitionerId, UUID locationId, UUID visitTypeId, Instant earliest,
                                Instant latest, String comment) {
        patients.get(patientId);
        if (Practitioner.findById(practitionerId) == null) {
            throw ProblemException.badRequest("/practitionerId", "No practitioner " + practitionerId + ".");
        }
        location(locationId);
        if (VisitType.findById(visitTypeId) == null) {
            throw ProblemException.badRequest("/visitTypeId", "No visit type " + visitTypeId + ".");
        }
        Instant now = clock.instant();
        Appointment w = new Appointment();
        w.id = UUID.randomUUID();
        w.patientId = patientId;
        w.practitionerId = practitionerId;
        w.locationId = locationId;
        w.visitTypeId = visitTypeId;
        w.status = AppointmentStatus.WAITLIST.code();
        w.startsAt = earliest;
        w.endsAt = latest;
        w.busyStart = earliest;
        w.busyEnd = latest;
        w.comment = comment;
        w.createdAt = now;
        w.updatedAt = now;
        w.createdBy = actors.current();
        w.updatedBy = actors.current();
        insert(w);
        return w;
    }

    /**
     * Offers a time that was just freed to the first waitlist entry (oldest first) that wants this
     * practitioner, location and visit type in a window containing it: the time is held for that
     * patient for the configured offer duration, for the desk to confirm with them.
     */
    void offerFreedTime(Appointment freed) {
        @SuppressWarnings("unchecked")
        List<UUID> first = em.createNativeQuery("""
                        select id from appointment where status = 'waitlist' and practitioner_id = ?1
                          and location_id = ?2 and visit_type_id = ?3 and starts_at <= ?4 and ends_at >= ?5
                          and patient_id <> ?6
                          and not exists (select 1 from appointment o where o.offered_from = appointment.id
                                          and o.status = 'pending')
                        order by created_at, id limit 1 for update skip locked""")
                .setParameter(1, freed.practitionerId).setParameter(2, freed.locationId)
                .setParameter(3, freed.visitTypeId).setParameter(4, freed.startsAt).setParameter(5, freed.endsAt)
                .setParameter(6, freed.patientId).getResultList();
        if (first.isEmpty()) {
            return;
        }
        // The offer must never undo the change that freed the time: skip it if the time is not
        // plainly free now (e.g. a reschedule by 15 minutes still overlaps it).
        long overlapping = Appointment.count("practitionerId = ?1 and status in ?2 and overbooked = false "
                        + "and busyStart < ?3 and busyEnd > ?4", freed.practitionerId,
                AppointmentStatusPolicy.OCCUPYING, freed.busyEnd, freed.busyStart);
        Location location = Location.findById(freed.locationId);
        VisitType type = VisitType.findById(freed.visitTypeId);
        if (overlapping > 0 || !freed.startsAt.isAfter(clock.instant())
                || !availability.withinHours(freed.practitionerId, location, type, freed.startsAt)) {
            return;
        }
        Appointment entry = Appointment.findById(first.get(0));
        Appointment offer = newAppointment(freed.practitionerId, freed.locationId, freed.visitTypeId, freed.startsAt);
        offer.patientId = entry.patientId;
        offer.status = AppointmentStatus.PENDING.code();
        offer.holdToken = UUID.randomUUID().toString();
        offer.holdExpiresAt = clock.instant().plus(config.waitlistOfferDuration());
        offer.offeredFrom = entry.id;
        offer.comment = "offered from the waitlist";
        insert(offer);
    }

    /** Reserves a slot for a while; booking it then needs the returned hold token. */
    @Transactional
    public Appointment hold(UUID practitionerId, UUID locationId, UUID visitTypeId, Instant start) {
        Appointment a = newAppointment(practitionerId, locationId, visitTypeId, start);
        a.status = AppointmentStatus.PENDING.code();
        a.holdToken = UUID.randomUUID().toString();
        a.holdExpiresAt = clock.instant().plus(config.holdDuration());
        releaseExpiredHolds(a);
        insert(a);
        return a;
    }

    private Appointment bookHeld(Booking b) {
        Appointment held = Appointment.find("holdToken", b.holdToken()).firstResult();
        if (held == null || !AppointmentStatus.PENDING.code().equals(held.status)
                || held.holdExpiresAt.isBefore(clock.instant())) {
            throw new ProblemException(Problem.of(409, "/problems/hold-expired", "Hold expired or unknown",
                    "This hold has expired or does not exist; find a free slot again."));
        }
        if (!held.practitionerId.equals(b.practitionerId()) || !held.startsAt.equals(b.start())
                || !held.visitTypeId.equals(b.visitTypeId()) || !held.locationId.equals(b.locationId())) {
            throw ProblemException.badRequest("The booking must be for the held slot (same practitioner, location, "
                    + "visit type and start).", List.of(new FieldError("/holdToken", "belongs to another slot")));
        }
        if (held.patientId != null && !held.patientId.equals(b.patientId())) {
            throw ProblemException.badRequest("This hold was offered to another patient.",
                    List.of(new FieldError("/holdToken", "belongs to another patient")));
        }
        patients.get(b.patientId());
        held.patientId = b.patientId();
        held.comment = b.comment();
        held.holdToken = null;
        held.holdExpiresAt = null;
        move(held, AppointmentStatus.BOOKED, null);
        if (held.offeredFrom != null) {
            Appointment entry = Appointment.findById(held.offeredFrom);
            if (entry != null && entry.status() == AppointmentStatus.WAITLIST) {
                move(entry, AppointmentStatus.CANCELLED, "booked from the waitlist offer");
            }
        }
        return held;
    }

    /**
     * Moves an appointment to a new time in one step: the old one is released and the new one
     * booked in the same transaction; if the new time is taken, nothing changes.
     */
    @Transactional
    public Appointment reschedule(UUID id, String ifMatch, Instant newStart, UUID newPractitionerId) {
        Appointment old = get(id);
        ETags.check(ifMatch, old.version, true);
        if (old.status() != AppointmentStatus.BOOKED) {
            throw new ProblemException(Problem.of(409, "/problems/status-transition", "Can't reschedule",
                    "Only a booked appointment can be rescheduled; this one is " + old.status + "."));
        }
        move(old, AppointmentStatus.CANCELLED, RESCHEDULED);
        em.flush();
        Appointment next = newAppointment(newPractitionerId == null ? old.practitionerId : newPractitionerId,
                old.locationId, old.visitTypeId, newStart);
        next.patientId = old.patientId;
        next.status = AppointmentStatus.BOOKED.code();
        next.comment = old.comment;
        next.rescheduledFrom = old.id;
        releaseExpiredHolds(next);
        insert(next);
        if (!next.startsAt.equals(old.startsAt) || !next.practitionerId.equals(old.practitionerId)) {
            offerFreedTime(old);
        }
        return next;
    }

    /** Check-in, arrival, check-out (fulfilled), cancellation, no-show, entered-in-error. */
    @Transactional
    public Appointment changeStatus(UUID id, String ifMatch, AppointmentStatus to, String reason) {
        Appointment a = get(id);
        ETags.check(ifMatch, a.version, false);
        AppointmentStatus from = a.status();
        AppointmentStatusPolicy.check(from, to, reason);
        move(a, to, reason);
        em.flush();
        if (to == AppointmentStatus.CANCELLED && from == AppointmentStatus.BOOKED
                && a.startsAt.isAfter(clock.instant())) {
            offerFreedTime(a);
        }
        return a;
    }

    /** The patient confirmed they will come; only a booked visit can be confirmed, and the first confirmation counts. */
    @Transactional
    public Appointment confirm(UUID id) {
        Appointment a = get(id);
        if (a.status() != AppointmentStatus.BOOKED) {
            throw new ProblemException(Problem.of(409, "/problems/status-transition", "Not confirmable",
                    "An appointment that is " + a.status + " can't be confirmed."));
        }
        if (a.confirmedAt == null) {
            a.confirmedAt = clock.instant();
            a.updatedAt = a.confirmedAt;
            a.updatedBy = actors.current();
        }
        return a;
    }

    /** Which coverage to ask the insurer about for a visit, for which benefit, on which day. */
    public record EligibilityQuestion(UUID coverageId, String benefitCategory, LocalDate day) {
    }

    /**
     * The eligibility question of a visit: the patient's primary coverage in force on the visit
     * day (or the one named, which must be theirs), the visit type's benefit category, the day.
     */
    public EligibilityQuestion eligibilityQuestion(UUID appointmentId, UUID coverageId) {
        Appointment a = get(appointmentId);
        if (a.patientId == null) {
            throw ProblemException.badRequest("/appointmentId", "This appointment has no patient yet.");
        }
        LocalDate day = a.startsAt.atZone(location(a.locationId).zone()).toLocalDate();
        UUID coverage = coverageId != null ? coverageId : coverages.primaryOn(a.patientId, day).map(c -> c.id)
                .orElseThrow(() -> new ProblemException(Problem.of(409, "/problems/no-coverage", "No coverage to check",
                        "The patient has no active primary coverage on " + day + "; capture the insurance card first.")));
        if (!coverages.get(coverage).patientId.equals(a.patientId)) {
            throw ProblemException.badRequest("/coverageId", "This coverage belongs to another patient.");
        }
        return new EligibilityQuestion(coverage, VisitType.<VisitType>findById(a.visitTypeId).benefitCategory, day);
    }

    public java.util.Optional<Appointment> find(UUID id) {
        return Appointment.findByIdOptional(id);
    }

    /** Booked visits starting after {@code from} and no later than {@code to}. */
    public List<Appointment> bookedBetween(Instant from, Instant to) {
        return Appointment.list("status = ?1 and startsAt > ?2 and startsAt <= ?3", AppointmentStatus.BOOKED.code(),
                from, to);
    }

    public Appointment get(UUID id) {
        return ProblemException.orNotFound(Appointment.findById(id), "Appointment", id);
    }

    /** What an EHR searches appointments by; each criterion given must hold. Holds are never listed. */
    public record Search(Instant startsFrom, Instant startsBefore, AppointmentStatus status, UUID patientId,
                         UUID practitionerId, UUID locationId) {
    }

    /** Appointments by start, one page. */
    public PageResult<Appointment> search(Search s, int offset, int count) {
        Where w = new Where().and("status <> ?", AppointmentStatus.PENDING.code())
                .and("startsAt >= ?", s.startsFrom()).and("startsAt < ?", s.startsBefore())
                .and("status = ?", s.status() == null ? null : s.status().code()).and("patientId = ?", s.patientId())
                .and("practitionerId = ?", s.practitionerId()).and("locationId = ?", s.locationId());
        return PageResult.of(Appointment.find(w.query() + " order by startsAt, id", w.args()), offset, count);
    }

    public List<AppointmentStatusChange> history(UUID id) {
        return AppointmentStatusChange.list("appointmentId = ?1 order by changedAt, id", id);
    }

    /** The front-desk day of a location: every appointment starting that day (location time), by start. */
    public List<Appointment> day(UUID locationId, LocalDate day) {
        Location location = location(locationId);
        ZoneId zone = location.zone();
        return Appointment.list("locationId = ?1 and startsAt >= ?2 and startsAt < ?3 and status <> 'pending' "
                        + "order by startsAt, id", locationId, day.atStartOfDay(zone).toInstant(),
                day.plusDays(1).atStartOfDay(zone).toInstant());
    }

    public List<Appointment> forPatient(UUID patientId) {
        return Appointment.list("patientId = ?1 order by startsAt desc, id", patientId);
    }

    /**
     * Cancels holds that have expired, a batch at a time, skipping rows another instance is
     * working on: safe with several instances running it at once.
     *
     * @return how many holds were released
     */
    @Transactional
    public int expireHolds(int batch) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("""
                        select id from appointment where status = 'pending' and hold_expires_at < ?1
                        order by hold_expires_at limit ?2 for update skip locked""")
                .setParameter(1, clock.instant()).setParameter(2, batch).getResultList();
        for (UUID id : ids) {
            Appointment a = Appointment.findById(id);
            a.holdToken = null;
            move(a, AppointmentStatus.CANCELLED, "hold expired");
        }
        return ids.size();
    }

    /**
     * Marks appointments still booked a grace period after their start as no-shows, a batch at
     * a time, skipping rows another instance holds.
     */
    @Transactional
    public int markNoShows(int batch) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("""
                        select id from appointment where status = 'booked' and starts_at < ?1
                        order by starts_at limit ?2 for update skip locked""")
                .setParameter(1, clock.instant().minus(config.noShowGrace())).setParameter(2, batch).getResultList();
        for (UUID id : ids) {
            move(Appointment.findById(id), AppointmentStatus.NOSHOW, "not arrived " + config.noShowGrace().toMinutes()
                    + " minutes after the start");
        }
        return ids.size();
    }

    private Appointment newAppointment(UUID practitionerId, UUID locationId, UUID visitTypeId, Instant start) {
        Practitioner p = Practitioner.findById(practitionerId);
        if (p == null || !p.active) {
            throw ProblemException.badRequest("/practitionerId", "No active practitioner " + practitionerId + ".");
        }
        Location location = location(locationId);
        VisitType type = VisitType.findById(visitTypeId);
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
        a.createdAt = now;
        a.updatedAt = now;
        a.createdBy = actors.current();
        a.updatedBy = actors.current();
        return a;
    }

    private Location location(UUID id) {
        Location location = Location.findById(id);
        if (location == null || !location.active) {
            throw ProblemException.badRequest("/locationId", "No active location " + id + ".");
        }
        return location;
    }

    /** Holds that expired but no job has released yet must not keep anyone from the slot. */
    private void releaseExpiredHolds(Appointment wanted) {
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

    private void insert(Appointment a) {
        if (AppointmentStatusPolicy.occupiesTime(a.status())) {
            // Bookings of one practitioner queue here, so a racing loser meets the winner's
            // committed row and fails at once (23P01), instead of both speculative inserts
            // deadlocking and waiting out deadlock_timeout. The exclusion constraint stays the
            // guarantee; this lock only makes losing fast. Other practitioners are not held up.
            em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 4242))")
                    .setParameter(1, "appointment:" + a.practitionerId).getSingleResult();
        }
        em.persist(a);
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (isOverlap(e)) {
                metrics.counter("reception.bookings.refused", "reason", "slot-taken").increment();
                throw new ProblemException(Problem.of(409, "/problems/slot-taken", "Time no longer free",
                        "The practitioner already has an appointment or hold overlapping this time. "
                                + "Pick another slot."));
            }
            throw e;
        }
        record(a, null, a.status, null);
    }

    private void move(Appointment a, AppointmentStatus to, String reason) {
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
