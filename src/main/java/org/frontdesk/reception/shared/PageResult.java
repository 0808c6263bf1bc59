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

    /** The same page with only the rows that pass (the total stays that of the query). */
    public PageResult<T> filter(java.util.function.Predicate<T> keep) {
        return new PageResult<>(items.stream().filter(keep).toList(), offset, limit, total);
    }

    /** The same page with each row mapped. */
    public <R> PageResult<R> map(java.util.function.Function<T, R> f) {
        return new PageResult<>(items.stream().map(f).toList(), offset, limit, total);
    }

    /** One page of a list held in memory. */
    public static <T> PageResult<T> slice(List<T> all, int offset, int limit) {
        int from = Math.min(Math.max(offset, 0), all.size());
        int to = (int) Math.min((long) from + Math.max(limit, 0), all.size());
        List<T> items = all.subList(from, to);
        return new PageResult<>(List.copyOf(items), offset, limit, all.size());
    }

    public boolean hasNext() {
        return (long) offset + items.size() < total;
    }
}
