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

    public boolean hasNext() {
        return (long) offset + items.size() < total;
    }
}
