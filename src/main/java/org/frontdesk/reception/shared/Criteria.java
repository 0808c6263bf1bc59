package org.frontdesk.reception.shared;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What every search of a record type understands besides its own criteria: which ids, changed
 * when, and in which order. The FHIR face fills it from {@code _id}, {@code _lastUpdated} and
 * {@code _sort}; a service applies it to its query with {@link #applyTo} and {@link #orderBy}.
 *
 * @param ids           only these records (none given: any)
 * @param changedFrom   last changed at or after this (inclusive), or null
 * @param changedBefore last changed before this (exclusive), or null
 * @param sort          sort keys in order, each a name the service knows and whether descending
 */
public record Criteria(List<UUID> ids, Instant changedFrom, Instant changedBefore, List<Sort> sort) {

    /** A sort key: a name the service maps to a column, descending or not. */
    public record Sort(String name, boolean descending) {
    }

    public static final Criteria NONE = new Criteria(List.of(), null, null, List.of());

    public Criteria {
        ids = ids == null ? List.of() : List.copyOf(ids);
        sort = sort == null ? List.of() : List.copyOf(sort);
    }

    /** Adds the id and last-changed conditions to a JPQL where, on the entity's {@code updatedColumn}. */
    public Where applyTo(Where where, String updatedColumn) {
        return where.andIn("id in ?", ids.isEmpty() ? null : ids).and(updatedColumn + " >= ?", changedFrom)
                .and(updatedColumn + " < ?", changedBefore);
    }

    /**
     * The order by clause: the asked sort keys (mapped to columns by {@code columns}; an unknown
     * key is a 400), then {@code fallback}, which makes the order stable.
     */
    public String orderBy(Map<String, String> columns, String fallback) {
        List<String> parts = new ArrayList<>();
        for (Sort s : sort) {
            String column = columns.get(s.name());
            if (column == null) {
                throw ProblemException.badRequest("_sort", "_sort can be " + String.join(", ", columns.keySet())
                        + " (with - for descending); not " + s.name() + ".");
            }
            parts.add(column + (s.descending() ? " desc" : " asc"));
        }
        parts.add(fallback);
        return " order by " + String.join(", ", parts);
    }
}
