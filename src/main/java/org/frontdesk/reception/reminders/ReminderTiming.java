package org.frontdesk.reception.reminders;

import org.frontdesk.reception.shared.QuietHours;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a reminder goes. The whole days of the offset are calendar days in the location's zone
 * (48 h before a Monday 10:00 visit is Saturday 10:00 even across a DST change, as a patient
 * reads it); the rest is elapsed time. A time in the quiet hours moves earlier, to the last
 * minute before they began, so the reminder still comes before the visit.
 */
final class ReminderTiming {

    private ReminderTiming() {
    }

    public static Instant due(Instant start, ZoneId zone, Duration offset, LocalTime quietStart, LocalTime quietEnd) {
        long days = offset.toDays();
        ZonedDateTime at = start.atZone(zone).minusDays(days).minus(offset.minusDays(days));
        if (quiet(at.toLocalTime(), quietStart, quietEnd)) {
            ZonedDateTime began = at.toLocalDate().atTime(quietStart).atZone(zone);
            if (began.isAfter(at)) {
                began = began.minusDays(1); // after midnight: the quiet hours began the evening before
            }
            at = began.minusMinutes(1);
        }
        return at.toInstant();
    }

    /** Whether a local time is in the quiet hours (which may run over midnight). */
    public static boolean quiet(LocalTime t, LocalTime start, LocalTime end) {
        return new QuietHours(start, end).cover(t);
    }
}
