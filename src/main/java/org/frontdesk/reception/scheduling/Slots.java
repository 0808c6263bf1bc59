package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Publishing time on a schedule, as an EHR does with FHIR Slots: a free slot is a one-off
 * opening (weekly hours valid on that one day), a busy-unavailable slot is blocked time. Time
 * under a booked or held appointment can't be blocked, removed or shrunk away from it.
 */
@ApplicationScoped
class Slots {

    @Inject SchedulingSetupService setup;
    @Inject Clock clock;
    @Inject org.frontdesk.reception.shared.ReferenceCache reference;

    /** A stretch of a schedule's time: free to book, or blocked. */
    public record Stretch(Instant start, Instant end, boolean free, String comment) {
    }

    /** Publishes a stretch of time on a schedule. */
    @Transactional
    public void publish(UUID scheduleId, Stretch s) {
        Schedule schedule = setup.schedule(scheduleId);
        check(s);
        if (s.free()) {
            open(schedule, s);
        } else {
            underAppointment(schedule, s.start(), s.end(), null);
            block(schedule, s);
        }
    }

    /** Takes a stretch away: the opening or block that made it goes; time from weekly hours is blocked. */
    @Transactional
    public void remove(UUID scheduleId, Instant start, Instant end) {
        Schedule schedule = setup.schedule(scheduleId);
        underAppointment(schedule, start, end, null);
        withdraw(schedule, start, end);
    }

    /** Changes a stretch: its time or whether it is free. The appointments in it must stay in free time. */
    @Transactional
    public void change(UUID scheduleId, Instant oldStart, Instant oldEnd, Stretch next) {
        Schedule schedule = setup.schedule(scheduleId);
        check(next);
        underAppointment(schedule, oldStart, oldEnd, next.free() ? next : null);
        withdraw(schedule, oldStart, oldEnd);
        if (next.free()) {
            open(schedule, next);
        } else {
            block(schedule, next);
        }
    }

    private void check(Stretch s) {
        if (!s.end().isAfter(s.start()) || Duration.between(s.start(), s.end()).toHours() > 24) {
            throw ProblemException.badRequest("A slot ends after it starts, within 24 hours.",
                    List.of(new FieldError("Slot.end", "must be after the start, within 24 hours")));
        }
        if (s.end().isBefore(clock.instant())) {
            throw ProblemException.badRequest("A slot can't be published in the past.",
                    List.of(new FieldError("Slot.end", "is in the past")));
        }
    }

    /** 409 when an appointment or hold occupies the range (and does not fit inside {@code keeps}, when given). */
    private static void underAppointment(Schedule schedule, Instant start, Instant end, Stretch keeps) {
        List<Appointment> under = Appointment.list("practitionerId = ?1 and locationId = ?2 and status in ?3 "
                        + "and startsAt < ?4 and endsAt > ?5", schedule.practitionerId, schedule.locationId,
                AppointmentStatusPolicy.OCCUPYING, end, start);
        for (Appointment a : under) {
            if (keeps == null || a.startsAt.isBefore(keeps.start()) || a.endsAt.isAfter(keeps.end())) {
                throw new ProblemException(Problem.of(409, "/problems/slot-booked", "Slot has an appointment",
                        "Appointment " + a.id + " (" + a.status + ") is booked in this time; cancel or move it first.")
                        .withErrors(List.of(new FieldError("Slot", "has a " + a.status + " appointment"))));
            }
        }
    }

    private void open(Schedule schedule, Stretch s) {
        ZoneId zone = setup.location(schedule.locationId).zone();
        ZonedDateTime from = s.start().atZone(zone);
        ZonedDateTime to = s.end().atZone(zone);
        if (!to.toLocalDate().equals(from.toLocalDate()) && to.toLocalTime().isAfter(from.toLocalTime())) {
            throw ProblemException.badRequest("A free slot lies within one day of the location's clock (it may run past midnight).",
                    List.of(new FieldError("Slot.end", "is too far from the start")));
        }
        AvailabilityTemplate t = new AvailabilityTemplate();
        t.id = UUID.randomUUID();
        t.practitionerId = schedule.practitionerId;
        t.locationId = schedule.locationId;
        t.dayOfWeek = from.getDayOfWeek().getValue();
        t.startTime = from.toLocalTime();
        t.endTime = to.toLocalTime();
        t.validFrom = from.toLocalDate();
        t.validTo = from.toLocalDate();
        t.persist();
    }

    private void block(Schedule schedule, Stretch s) {
        AvailabilityException x = new AvailabilityException();
        x.id = UUID.randomUUID();
        x.practitionerId = schedule.practitionerId;
        x.locationId = schedule.locationId;
        x.startsAt = s.start();
        x.endsAt = s.end();
        x.reason = s.comment() == null || s.comment().isBlank() ? "blocked" : s.comment();
        x.persist();
    }

    /** Removes the block or one-off opening that is exactly this range; anything else is blocked. */
    private void withdraw(Schedule schedule, Instant start, Instant end) {
        long unblocked = AvailabilityException.delete("practitionerId = ?1 and locationId = ?2 and startsAt = ?3 "
                + "and endsAt = ?4", schedule.practitionerId, schedule.locationId, start, end);
        if (unblocked > 0) {
            return;
        }
        ZoneId zone = setup.location(schedule.locationId).zone();
        LocalDate day = start.atZone(zone).toLocalDate();
        long closed = AvailabilityTemplate.delete("practitionerId = ?1 and locationId = ?2 and validFrom = ?3 "
                        + "and validTo = ?3 and startTime = ?4 and endTime = ?5", schedule.practitionerId,
                schedule.locationId, day, start.atZone(zone).toLocalTime(), end.atZone(zone).toLocalTime());
        if (closed > 0) {
            reference.changed(); // a bulk delete: no entity listener sees it
        }
        if (closed == 0) {
            block(schedule, new Stretch(start, end, false, "slot withdrawn"));
        }
    }
}
