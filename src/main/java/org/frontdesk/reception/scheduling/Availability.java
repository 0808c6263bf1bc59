package org.frontdesk.reception.scheduling;

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

    private final SchedulingConfig config;

    public Availability(SchedulingConfig config) {
        this.config = config;
    }

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
        ZoneId zone = location.zone();
        Instant end = start.plus(Duration.ofMinutes(type.durationMinutes));
        LocalDate day = start.atZone(zone).toLocalDate();
        List<AvailabilityTemplate> templates = AvailabilityTemplate.list("locationId = ?1 and practitionerId = ?2",
                location.id, practitionerId);
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
        return AvailabilityException.count("startsAt < ?1 and endsAt > ?2 and ((practitionerId = ?3 and "
                + "(locationId is null or locationId = ?4)) or (practitionerId is null and locationId = ?4))",
                end, start, practitionerId, location.id) == 0;
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
