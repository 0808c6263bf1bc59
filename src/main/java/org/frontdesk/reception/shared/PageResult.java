package org.frontdesk.reception.shared;

import java.util.List;

/**
 * One page of a search, in a stable order.
 *
 * @param items  the rows of this page
 * @param offset index of the first row in the whole result
 * @param limit  page size asked for
 * @param total  number of rows in the whole result
 */
public record PageResult<T>(List<T> items, int offset, int limit, long total) {

    /** One page of a query's results (none asked for: only the count), with the total. */
    public static <T> PageResult<T> of(io.quarkus.hibernate.orm.panache.PanacheQuery<T> query, int offset, int limit) {
        long total = query.count();
        List<T> items = limit == 0 || offset >= total ? List.of() : query.range(offset, offset + limit - 1).list();
        return new PageResult<>(items, offset, limit, total);
    }

    public boolean hasNext() {
        return (long) offset + items.size() < total;
    }
}
