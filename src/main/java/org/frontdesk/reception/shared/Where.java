package org.frontdesk.reception.shared;

import java.util.ArrayList;
import java.util.List;

/**
 * A search's JPQL {@code where} clause built from the criteria a caller gave: each condition is
 * added only when its value is given, and its one {@code ?} becomes the next positional
 * parameter. Values are always parameters, never text in the query.
 */
public final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    /** Adds {@code condition} (one {@code ?} for the value, e.g. {@code "status = ?"}) when {@code value} is given. */
    public Where and(String condition, Object value) {
        if (value != null) {
            args.add(value);
            conditions.add(condition.replace("?", "?" + args.size()));
        }
        return this;
    }

    /** Adds {@code condition} (no parameter) when {@code when} holds. */
    public Where andIf(boolean when, String condition) {
        if (when) {
            conditions.add(condition);
        }
        return this;
    }

    /** Adds {@code condition} with a list of values, or a condition nothing meets when the list is empty. */
    public Where andIn(String condition, java.util.Collection<?> values) {
        if (values != null && values.isEmpty()) {
            conditions.add("1 = 0");
            return this;
        }
        return and(condition, values);
    }

    /** The conditions joined with {@code and}; {@code true = true} when there are none. */
    public String query() {
        return conditions.isEmpty() ? "true = true" : String.join(" and ", conditions);
    }

    public Object[] args() {
        return args.toArray();
    }
}
