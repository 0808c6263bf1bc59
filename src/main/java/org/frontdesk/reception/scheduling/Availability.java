package org.frontdesk.reception.scheduling;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * When a practitioner can see a patient: the weekly hours at a location turned into instants in
 * the location's zone (so daylight-saving days have their real length), minus exceptions and
 * minus appointments already occupying the time, buffers included.
 */
@ApplicationScoped
public class Availability {

    @Inject SchedulingConfig config;
    @Inject org.frontdesk.reception.shared.ReferenceCache reference;

    /** A free time for one visit of a given type. */
    public record Slot(UUID practitionerId, UUID locationId, UUID visitTypeId, Instant start, Instant end) {
    }

    /** A window of a practitioner's hours, as instants. */
    record Window(UUID practitionerId, Instant start, Instant end) {
    }

    /**
     * Free slots at a location for a visit type, earliest first (then by practitioner).
     *
     * @param practitionerId only this practitioner, or null for anyone with hours there
     * @param from           first day, in the location's calendar
     * @param to             last day (inclusive)
     * @param notBefore      no slot starts before this instant (usually now)
     */
    public List<Slot> freeSlots(Location location, VisitType type, UUID practitionerId, LocalDate from, LocalDate to,
                                Instant notBefore, int limit) {
        if (to.isBefore(from) || to.isAfter(from.plusDays(config.maxSearchDays()))) {
            throw ProblemException.badRequest("A slot search ends on or after its first day and spans at most "
                    + config.maxSearchDays() + " days.", List.of());
        }
        ZoneId zone = location.zone();
        List<AvailabilityTemplate> templates = practitionerId == null
                ? AvailabilityTemplate.list("locationId", location.id)
                : AvailabilityTemplate.list("locationId = ?1 and practitionerId = ?2", location.id, practitionerId);
        List<Window> windows = new ArrayList<>();
        for (LocalDate day = from.minusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            for (AvailabilityTemplate t : templates) {
                window(t, day, zone).ifPresent(windows::add);
            }
        }
        if (windows.isEmpty()) {
            return List.of();
        }
        Instant rangeStart = windows.stream().map(Window::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant rangeEnd = windows.stream().map(Window::end).max(Comparator.naturalOrder()).orElseThrow();
        Instant firstDay = from.atStartOfDay(zone).toInstant();
        Instant afterLastDay = to.plusDays(1).atStartOfDay(zone).toInstant();
        // a practitioner busy at another location is busy here too
        List<UUID> practitioners = templates.stream().map(t -> t.practitionerId).distinct().toList();
        List<Appointment> busy = Appointment.list(
                "practitionerId in ?1 and busyStart < ?2 and busyEnd > ?3 and status in ?4 and overbooked = false",
                practitioners, rangeEnd, rangeStart, AppointmentStatusPolicy.OCCUPYING);
        List<AvailabilityException> closed = AvailabilityException.list(
                "startsAt < ?1 and endsAt > ?2 and (locationId = ?3 or locationId is null)", rangeEnd, rangeStart,
                location.id);
        Duration length = Duration.ofMinutes(type.durationMinutes);
        Duration before = Duration.ofMinutes(type.bufferBeforeMinutes);
        Duration after = Duration.ofMinutes(type.bufferAfterMinutes);
        List<Slot> out = new ArrayList<>();
        for (Window w : windows) {
            for (Instant cursor = w.start(); !cursor.plus(length).isAfter(w.end()); cursor = cursor.plus(length)) {
                Instant t = cursor;
                Instant end = t.plus(length);
                if (t.isBefore(notBefore) || t.isBefore(firstDay) || !t.isBefore(afterLastDay)) {
                    continue;
                }
                Instant bs = t.minus(before);
                Instant be = end.plus(after);
                boolean taken = busy.stream().anyMatch(a -> a.practitionerId.equals(w.practitionerId())
                        && a.busyStart.isBefore(be) && a.busyEnd.isAfter(bs));
                boolean blocked = closed.stream().anyMatch(x -> (x.practitionerId == null
                        || x.practitionerId.equals(w.practitionerId())) && x.startsAt.isBefore(end) && x.endsAt.isAfter(t));
                if (!taken && !blocked) {
                    out.add(new Slot(w.practitionerId(), location.id, type.id, t, end));
                }
            }
        }
        out.sort(Comparator.comparing(Slot::start).thenComparing(Slot::practitionerId));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Whether a visit of this type starting then lies inside the practitioner's hours and outside every exception. */
    public boolean withinHours(UUID practitionerId, Location location, VisitType type, Instant start) {
        return withinHours(practitionerId, location, start, start.plus(Duration.ofMinutes(type.durationMinutes)));
    }

    /** Whether {@code [start, end)} lies inside one of the practitioner's windows and outside every exception. */
    public boolean withinHours(UUID practitionerId, Location location, Instant start, Instant end) {
        ZoneId zone = location.zone();
        LocalDate day = start.atZone(zone).toLocalDate();
        List<AvailabilityTemplate> templates = reference.get(List.of("hours", location.id, practitionerId),
                () -> List.copyOf(AvailabilityTemplate.<AvailabilityTemplate>list("locationId = ?1 and practitionerId = ?2",
                        location.id, practitionerId)));
        boolean inside = false;
        for (LocalDate d = day.minusDays(1); !d.isAfter(day); d = d.plusDays(1)) {
            for (AvailabilityTemplate t : templates) {
                var w = window(t, d, zone);
                if (w.isPresent() && !start.isBefore(w.get().start()) && !end.isAfter(w.get().end())) {
                    inside = true;
                }
            }
        }
        if (!inside) {
            return false;
        }
        return exceptions(practitionerId, location, start, end).isEmpty();
    }

    /** Blocked time of the practitioner (anywhere or at this location) or of the whole location, overlapping a range. */
    List<AvailabilityException> exceptions(UUID practitionerId, Location location, Instant start, Instant end) {
        return AvailabilityException.list("startsAt < ?1 and endsAt > ?2 and ((practitionerId = ?3 and "
                + "(locationId is null or locationId = ?4)) or (practitionerId is null and locationId = ?4)) "
                + "order by startsAt", end, start, practitionerId, location.id);
    }

    /** What a block of a practitioner's time at a location is, as a FHIR Slot status would say it. */
    public enum Occupancy {
        /** Inside the hours, nothing booked or held over it. */
        FREE,
        /** An appointment at this location occupies it. */
        BUSY,
        /** Only a hold (or a waitlist offer) at this location occupies it. */
        BUSY_TENTATIVE,
        /** Outside the hours, blocked, or the practitioner is busy at another location. */
        BUSY_UNAVAILABLE
    }

    /** The occupancy of {@code [start, end)} on a practitioner's schedule at a location, now. */
    public Occupancy occupancy(UUID practitionerId, Location location, Instant start, Instant end) {
        List<Appointment> overlapping = Appointment.list(
                "practitionerId = ?1 and status in ?2 and busyStart < ?3 and busyEnd > ?4",
                practitionerId, AppointmentStatusPolicy.OCCUPYING, end, start);
        List<Appointment> here = overlapping.stream().filter(a -> a.locationId.equals(location.id)).toList();
        if (here.stream().anyMatch(a -> a.status() != AppointmentStatus.PENDING)) {
            return Occupancy.BUSY;
        }
        if (!here.isEmpty()) {
            return Occupancy.BUSY_TENTATIVE;
        }
        if (!overlapping.isEmpty() || !withinHours(practitionerId, location, start, end)) {
            return Occupancy.BUSY_UNAVAILABLE;
        }
        return Occupancy.FREE;
    }

    /** A stretch of time on a schedule and what it is. */
    public record Block(Instant start, Instant end, Occupancy occupancy) {
    }

    /**
     * A practitioner's time at a location within {@code [from, to)}: every appointment and hold
     * as a busy block (at its visit times, without buffers), every exception and appointment
     * elsewhere as unavailable, and the rest of the hours as maximal free blocks (buffers
     * included in what is taken). Earliest first.
     */
    public List<Block> blocks(UUID practitionerId, Location location, Instant from, Instant to) {
        if (!to.isAfter(from) || Duration.between(from, to).toDays() > config.maxSearchDays()) {
            throw ProblemException.badRequest("A schedule range ends after it starts and spans at most "
                    + config.maxSearchDays() + " days.", List.of());
        }
        ZoneId zone = location.zone();
        List<AvailabilityTemplate> templates = AvailabilityTemplate.list("locationId = ?1 and practitionerId = ?2",
                location.id, practitionerId);
        List<Block> out = new ArrayList<>();
        List<Appointment> appointments = Appointment.list(
                "practitionerId = ?1 and status in ?2 and busyStart < ?3 and busyEnd > ?4 order by startsAt",
                practitionerId, AppointmentStatusPolicy.OCCUPYING, to, from);
        List<AvailabilityException> closed = exceptions(practitionerId, location, from, to);
        List<Instant[]> taken = new ArrayList<>();
        for (Appointment a : appointments) {
            if (!a.overbooked) {
                taken.add(new Instant[] {a.busyStart, a.busyEnd});
            }
            if (a.startsAt.isBefore(to) && a.endsAt.isAfter(from)) {
                Occupancy o = !a.locationId.equals(location.id) ? Occupancy.BUSY_UNAVAILABLE
                        : a.status() == AppointmentStatus.PENDING ? Occupancy.BUSY_TENTATIVE : Occupancy.BUSY;
                out.add(new Block(a.startsAt, a.endsAt, o));
            }
        }
        for (AvailabilityException x : closed) {
            taken.add(new Instant[] {x.startsAt, x.endsAt});
            out.add(new Block(max(x.startsAt, from), min(x.endsAt, to), Occupancy.BUSY_UNAVAILABLE));
        }
        List<Instant[]> free = new ArrayList<>();
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (AvailabilityTemplate t : templates) {
                window(t, day, zone).ifPresent(w -> free.add(new Instant[] {max(w.start(), from), min(w.end(), to)}));
            }
        }
        for (Instant[] cut : taken) {
            List<Instant[]> next = new ArrayList<>();
            for (Instant[] f : free) {
                if (!cut[0].isBefore(f[1]) || !cut[1].isAfter(f[0])) {
                    next.add(f);
                    continue;
                }
                if (cut[0].isAfter(f[0])) {
                    next.add(new Instant[] {f[0], cut[0]});
                }
                if (cut[1].isBefore(f[1])) {
                    next.add(new Instant[] {cut[1], f[1]});
                }
            }
            free.clear();
            free.addAll(next);
        }
        free.sort(Comparator.comparing(f -> f[0]));
        Instant[] open = null;
        for (Instant[] f : free) { // overlapping templates give overlapping windows: merge them
            if (!f[1].isAfter(f[0])) {
                continue;
            }
            if (open != null && !f[0].isAfter(open[1])) {
                open[1] = max(open[1], f[1]);
            } else {
                if (open != null) {
                    out.add(new Block(open[0], open[1], Occupancy.FREE));
                }
                open = new Instant[] {f[0], f[1]};
            }
        }
        if (open != null) {
            out.add(new Block(open[0], open[1], Occupancy.FREE));
        }
        out.sort(Comparator.comparing(Block::start).thenComparing(Block::end));
        return out;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The template's window on a day, if the template applies to that day. */
    static java.util.Optional<Window> window(AvailabilityTemplate t, LocalDate day, ZoneId zone) {
        if (day.getDayOfWeek().getValue() != t.dayOfWeek || day.isBefore(t.validFrom)
                || (t.validTo != null && day.isAfter(t.validTo))) {
            return java.util.Optional.empty();
        }
        Instant start = ZonedDateTime.of(day, t.startTime, zone).toInstant();
        Instant end = ZonedDateTime.of(t.overnight() ? day.plusDays(1) : day, t.endTime, zone).toInstant();
        return end.isAfter(start) ? java.util.Optional.of(new Window(t.practitionerId, start, end))
                : java.util.Optional.empty();
    }
}
