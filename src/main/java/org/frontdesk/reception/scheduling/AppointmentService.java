package org.frontdesk.reception.scheduling;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.shared.Changes;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Criteria;
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
    /** The purpose of the message that tells a patient of a waitlist offer (its subject: the offer). */
    public static final String WAITLIST_OFFER = "waitlist-offer";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AppointmentService.class);

    @Inject EntityManager em;
    @Inject AppointmentRecords records;
    @Inject Waitlist waitlist;
    @Inject PatientService patients;
    @Inject CoverageService coverages;
    @Inject SchedulingConfig config;
    @Inject Caller caller;
    @Inject Actors actors;
    @Inject Clock clock;
    @Inject Event<AppointmentRescheduled> rescheduled;
    @Inject io.micrometer.core.instrument.MeterRegistry metrics;
    @Inject jakarta.enterprise.event.Event<AppointmentStatusChanged> changes;
    @Inject Changes announced;

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
        Appointment a = records.newAppointment(b.practitionerId(), b.locationId(), b.visitTypeId(), b.start());
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
        records.releaseExpiredHolds(a);
        records.insert(a);
        metrics.counter("reception.bookings", "kind", a.overbooked ? "overbooked" : "booked").increment();
        return a;
    }

    /** Reserves a slot for a while; booking it then needs the returned hold token. */
    @Transactional
    public Appointment hold(UUID practitionerId, UUID locationId, UUID visitTypeId, Instant start) {
        return hold(null, practitionerId, locationId, visitTypeId, start);
    }

    /** A hold for a patient already named (FHIR: a pending appointment); only they can book it. */
    @Transactional
    public Appointment hold(UUID patientId, UUID practitionerId, UUID locationId, UUID visitTypeId, Instant start) {
        if (patientId != null) {
            patients.get(patientId);
        }
        Appointment a = records.newAppointment(practitionerId, locationId, visitTypeId, start);
        a.patientId = patientId;
        a.status = AppointmentStatus.PENDING.code();
        a.holdToken = UUID.randomUUID().toString();
        a.holdExpiresAt = clock.instant().plus(config.holdDuration());
        records.releaseExpiredHolds(a);
        records.insert(a);
        return a;
    }

    private Appointment bookHeld(Booking b) {
        Appointment found = Appointment.find("holdToken", b.holdToken()).firstResult();
        // read afresh under the locks, so a hold released meanwhile is refused here, not by a version conflict
        Appointment held = found == null ? null : lockedFresh(found.id);
        if (held == null || !b.holdToken().equals(held.holdToken) || !AppointmentStatus.PENDING.code().equals(held.status)
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
        records.move(held, AppointmentStatus.BOOKED, null);
        if (held.offeredFrom != null) {
            Appointment entry = Appointment.findById(held.offeredFrom);
            if (entry != null && entry.status() == AppointmentStatus.WAITLIST) {
                records.move(entry, AppointmentStatus.CANCELLED, "booked from the waitlist offer");
            }
        }
        em.flush(); // one new version, and the answer shows it
        return held;
    }

    /**
     * Moves an appointment to a new time in one step: the old one is released and the new one
     * booked in the same transaction; if the new time is taken, nothing changes.
     */
    @Transactional
    public Appointment reschedule(UUID id, String ifMatch, Instant newStart, UUID newPractitionerId) {
        Appointment old = reschedulable(id, ifMatch);
        records.lock(old.practitionerId, newPractitionerId); // before the old row is written: see AppointmentRecords#lock
        records.move(old, AppointmentStatus.CANCELLED, RESCHEDULED);
        em.flush();
        Appointment next = records.newAppointment(newPractitionerId == null ? old.practitionerId : newPractitionerId,
                old.locationId, old.visitTypeId, newStart);
        next.patientId = old.patientId;
        next.status = AppointmentStatus.BOOKED.code();
        next.comment = old.comment;
        next.rescheduledFrom = old.id;
        records.releaseExpiredHolds(next);
        records.insert(next);
        rescheduled.fire(new AppointmentRescheduled(old.id, next.id));
        if (!next.startsAt.equals(old.startsAt) || !next.practitionerId.equals(old.practitionerId)) {
            waitlist.offerFreedTime(old);
        }
        return next;
    }

    /**
     * A visit asked for but not yet booked (FHIR: a proposed appointment): it holds no time, and
     * booking it later is a status change that must still find the time free.
     */
    @Transactional
    public Appointment propose(Booking b) {
        patients.get(b.patientId());
        Appointment a = records.newAppointment(b.practitionerId(), b.locationId(), b.visitTypeId(), b.start());
        a.patientId = b.patientId();
        a.status = AppointmentStatus.PROPOSED.code();
        a.comment = b.comment();
        records.insert(a);
        return a;
    }

    /**
     * Moves a booked appointment to a new time (and practitioner) in place, atomically: if the new
     * time is taken nothing changes. The same rules as {@link #reschedule}, which keeps the old
     * appointment as a cancelled record instead; FHIR updates an appointment where it is.
     */
    @Transactional
    public Appointment move(UUID id, String ifMatch, Instant newStart, UUID newPractitionerId) {
        Appointment a = reschedulable(id, ifMatch);
        records.lock(a.practitionerId, newPractitionerId);
        Appointment freed = new Appointment();
        freed.practitionerId = a.practitionerId;
        freed.locationId = a.locationId;
        freed.visitTypeId = a.visitTypeId;
        freed.patientId = a.patientId;
        freed.startsAt = a.startsAt;
        freed.endsAt = a.endsAt;
        freed.busyStart = a.busyStart;
        freed.busyEnd = a.busyEnd;
        Appointment at = records.newAppointment(newPractitionerId == null ? a.practitionerId : newPractitionerId,
                a.locationId, a.visitTypeId, newStart);
        records.releaseExpiredHolds(at);
        records.relocate(a, at, "moved from " + freed.startsAt);
        if (!a.startsAt.equals(freed.startsAt) || !a.practitionerId.equals(freed.practitionerId)) {
            waitlist.offerFreedTime(freed);
        }
        return a;
    }

    /** The appointment to move, read at the caller's version (If-Match required): only a booked one moves. */
    private Appointment reschedulable(UUID id, String ifMatch) {
        Appointment a = get(id);
        ETags.check(ifMatch, a.version, true);
        if (a.status() != AppointmentStatus.BOOKED) {
            throw new ProblemException(Problem.of(409, "/problems/status-transition", "Can't reschedule",
                    "Only a booked appointment can be rescheduled; this one is " + a.status + ".")
                    .withErrors(List.of(new FieldError("/status", "is " + a.status + ", not booked"))));
        }
        return a;
    }

    /**
     * The appointment, read again under a share lock held to the end of the transaction: a write
     * that must see the visit as it stays (a form sent for it) waits for a reschedule or
     * cancellation under way, and holds off the next one.
     */
    public Appointment getShared(UUID id) {
        Appointment a = get(id);
        em.refresh(a, jakarta.persistence.LockModeType.PESSIMISTIC_READ);
        return a;
    }

    /** Check-in, arrival, check-out (fulfilled), cancellation, no-show, entered-in-error. */
    @Transactional
    public Appointment changeStatus(UUID id, String ifMatch, AppointmentStatus to, String reason) {
        Appointment a = get(id);
        ETags.check(ifMatch, a.version, false);
        AppointmentStatus from = a.status();
        AppointmentStatusPolicy.check(from, to, reason);
        if (reason != null && reason.strip().equalsIgnoreCase(RESCHEDULED)) {
            // the reason a reschedule gives its old visit: what follows a visit (its form, the
            // reports) tells a reschedule by it, so a plain cancellation can't take it
            throw ProblemException.badRequest("/reason", "'" + RESCHEDULED + "' is the reason a reschedule gives the old "
                    + "visit: move the visit with POST /api/v1/appointments/{id}/reschedule, or give another reason");
        }
        records.lock(a.practitionerId); // a cancellation frees time the waitlist is offered: locked before the row is written
        records.move(a, to, reason);
        em.flush();
        if (to == AppointmentStatus.CANCELLED && from == AppointmentStatus.BOOKED
                && a.startsAt.isAfter(clock.instant())) {
            waitlist.offerFreedTime(a);
        }
        return a;
    }

    /**
     * A waitlist offer declined (by the patient's reply, or by the desk for them): it is
     * cancelled (with {@code why}, or "declined for the patient by the desk" when none is given),
     * and its time passes to the next matching entry that has not had it.
     */
    @Transactional
    public Appointment passOnOffer(UUID offerId, String ifMatch, String why) {
        Appointment offer = lockedFresh(offerId);
        if (offer == null) {
            throw ProblemException.notFound("Appointment", offerId);
        }
        ETags.check(ifMatch, offer.version, false);
        return waitlist.passOn(offer, why == null || why.isBlank() ? "declined for the patient by the desk" : why.strip());
    }

    /**
     * The patient's answer to a waitlist offer: YES books it, NO passes it on. Checked and done
     * under the practitioner's lock and the offer's row lock (a fresh read), so it can't race the
     * hold-expiry job or the desk into a conflict: an offer that is no longer open (or has lapsed)
     * is left as it is and the answer is empty.
     */
    @Transactional
    public java.util.Optional<Appointment> answerOffer(UUID offerId, boolean book, String why) {
        Appointment offer = lockedFresh(offerId);
        if (!open(offer) || !clock.instant().isBefore(offer.holdExpiresAt)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(book ? bookHeld(new Booking(offer.patientId, offer.practitionerId, offer.locationId,
                offer.visitTypeId, offer.startsAt, offer.holdToken, null, why)) : waitlist.passOn(offer, why));
    }

    /**
     * A waitlist offer the patient could not be told about (its message was skipped or failed:
     * no consent, no contact, quiet hours until it lapses, the provider refused it) no longer
     * blocks the time: it passes on at once, by the same rule as a decline. False when it was no
     * longer open.
     */
    @Transactional
    public boolean passOnUntold(UUID offerId, String why) {
        Appointment offer = lockedFresh(offerId);
        if (!open(offer)) {
            return false;
        }
        waitlist.passOn(offer, why.length() > 500 ? why.substring(0, 500) : why);
        return true;
    }

    private static boolean open(Appointment offer) {
        return offer != null && offer.offeredFrom != null && offer.status() == AppointmentStatus.PENDING;
    }

    /**
     * An appointment read afresh and locked for this transaction (FOR UPDATE), after its
     * practitioner's booking lock: the order every writer of a held or booked time keeps, so a
     * check made on it holds until the end of the transaction. Null when there is none.
     */
    private Appointment lockedFresh(UUID id) {
        Appointment a = Appointment.findById(id);
        if (a == null) {
            return null;
        }
        records.lock(a.practitionerId);
        em.refresh(a, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
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
            announced.record(new Changes.Change("Appointment", a.id, List.of(Changes.APPOINTMENT_CHANGED), "confirmed", a.patientId,
                    a.locationId, a.practitionerId, a.id, a.status));
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
        LocalDate day = a.startsAt.atZone(records.location(a.locationId).zone()).toLocalDate();
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
        return search(s, Criteria.NONE, offset, count);
    }

    /** Appointments by start (or the order asked), with the common criteria, one page. */
    public PageResult<Appointment> search(Search s, Criteria c, int offset, int count) {
        Where w = c.applyTo(new Where(), "updatedAt")
                .and("(status <> ? or patientId is not null)", AppointmentStatus.PENDING.code())
                .and("startsAt >= ?", s.startsFrom()).and("startsAt < ?", s.startsBefore())
                .and("status = ?", s.status() == null ? null : s.status().code()).and("patientId = ?", s.patientId())
                .and("practitionerId = ?", s.practitionerId()).and("locationId = ?", s.locationId());
        return PageResult.of(Appointment.find(w.query() + c.orderBy(java.util.Map.of("_lastUpdated", "updatedAt",
                "date", "startsAt"), "startsAt, id"), w.args()), offset, count);
    }

    public List<AppointmentStatusChange> history(UUID id) {
        return AppointmentStatusChange.list("appointmentId = ?1 order by changedAt, id", id);
    }

    /** The front-desk day of a location: every appointment starting that day (location time), by start. */
    public List<Appointment> day(UUID locationId, LocalDate day) {
        Location location = records.location(locationId);
        ZoneId zone = location.zone();
        return Appointment.list("locationId = ?1 and startsAt >= ?2 and startsAt < ?3 and status <> 'pending' "
                        + "order by startsAt, id", locationId, day.atStartOfDay(zone).toInstant(),
                day.plusDays(1).atStartOfDay(zone).toInstant());
    }

    public List<Appointment> forPatient(UUID patientId) {
        return Appointment.list("patientId = ?1 order by startsAt desc, id", patientId);
    }

    /**
     * Cancels holds that have expired, up to a batch, each in its own transaction (one that fails
     * is logged and left for the next run; the others go on), skipping rows another transaction
     * has locked: safe with several instances running it at once. Each hold is released under its
     * practitioner's booking lock, taken before its row (the order of every booking), so a lapse
     * never deadlocks with a booking. A lapsed waitlist offer passes its time on to the next
     * matching entry.
     *
     * @return how many holds were released
     */
    public int expireHolds(int batch) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        select id from appointment where status = 'pending' and hold_expires_at < ?1
                        order by hold_expires_at limit ?2 for update skip locked""")
                .setParameter(1, now).setParameter(2, batch).getResultList());
        int released = 0;
        for (UUID id : ids) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> expireHold(id, now))) {
                    released++;
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not release expired hold %s; left for the next run", id);
            }
        }
        return released;
    }

    /** Releases one expired hold, if it still is one when locked. */
    private boolean expireHold(UUID id, Instant now) {
        Appointment a = lockedFresh(id);
        if (a == null || a.status() != AppointmentStatus.PENDING || !a.holdExpiresAt.isBefore(now)) {
            return false; // booked, declined or released meanwhile
        }
        if (a.offeredFrom != null) {
            waitlist.passOn(a, "offer lapsed");
        } else {
            a.holdToken = null;
            records.move(a, AppointmentStatus.CANCELLED, "hold expired");
        }
        return true;
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
            records.move(Appointment.findById(id), AppointmentStatus.NOSHOW, "not arrived " + config.noShowGrace().toMinutes()
                    + " minutes after the start");
        }
        return ids.size();
    }
}
