package org.frontdesk.reception.shared;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Rows for one table sent with PostgreSQL's COPY (CSV) when the caller flushes (it knows the
 * order rows referencing each other must go in): bulk writes
 * (an 835's claim payments, service lines and adjustments) at several times the speed of batched
 * inserts, in the caller's transaction. Values: null, text, numbers, UUIDs, dates, and
 * collections of text (as arrays).
 */
public final class PgCopy implements AutoCloseable {

    private final CopyManager copy;
    private final String sql;
    private final StringBuilder rows = new StringBuilder(1 << 16);
    private int count;

    public PgCopy(Connection conn, String table, String columns) throws SQLException {
        this.copy = conn.unwrap(PGConnection.class).getCopyAPI();
        this.sql = "copy " + table + " (" + columns + ") from stdin (format csv)";
    }

    public void row(Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                rows.append(',');
            }
            field(values[i]);
        }
        rows.append('\n');
        count++;
    }

    public void flush() throws SQLException {
        if (count == 0) {
            return;
        }
        try {
            copy.copyIn(sql, new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + sql + " failed", e);
        }
        rows.setLength(0);
        count = 0;
    }

    @Override
    public void close() throws SQLException {
        flush();
    }

    private void field(Object v) {
        if (v == null) {
            return; // an unquoted empty field is NULL
        }
        if (v instanceof Collection<?> list) {
            StringBuilder array = new StringBuilder("{");
            for (Object o : list) {
                if (array.length() > 1) {
                    array.append(',');
                }
                array.append('"').append(o.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            quoted(array.append('}').toString());
            return;
        }
        if (v instanceof Number n) {
            rows.append(n instanceof java.math.BigDecimal d ? d.toPlainString() : n.toString());
            return;
        }
        quoted(v.toString());
    }

    private void quoted(String s) {
        rows.append('"').append(s.replace("\"", "\"\"")).append('"');
    }
}
