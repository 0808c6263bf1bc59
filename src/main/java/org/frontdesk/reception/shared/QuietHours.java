package org.frontdesk.reception.shared;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The hours, in a location's zone, when no message goes to a patient: from {@code start} to
 * {@code end}, possibly over midnight; none when the two are equal.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    /** Whether a local time is in the quiet hours. */
    public boolean cover(LocalTime t) {
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    /** When the quiet hours that cover {@code now} at a place in {@code zone} end; {@code now} itself when they don't. */
    public Instant over(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        if (!cover(local.toLocalTime())) {
            return now;
        }
        ZonedDateTime over = local.toLocalDate().atTime(end).atZone(zone);
        return (over.isAfter(local) ? over : over.plusDays(1)).toInstant();
    }
}
