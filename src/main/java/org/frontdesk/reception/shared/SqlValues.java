package org.frontdesk.reception.shared;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** Values of a native query's row as Java time types, whichever the driver and Hibernate gave. */
public final class SqlValues {

    private SqlValues() {
    }

    public static LocalDate day(Object v) {
        if (v == null || v instanceof LocalDate) {
            return (LocalDate) v;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        throw new IllegalArgumentException("not a date: " + v.getClass().getName());
    }

    public static Instant instant(Object v) {
        if (v == null || v instanceof Instant) {
            return (Instant) v;
        }
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + v.getClass().getName());
    }
}
