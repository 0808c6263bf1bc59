package org.frontdesk.reception.shared;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One segment as read: its tag, the loop it is in (the schema's loop code, null outside loops),
 * its position in the transaction set (ST is 1), and its elements, each a list of components
 * (a simple element has one). Positions are 1-based, as X12 counts them; what is absent is null.
 */
public record X12Segment(String tag, String loop, int position, String[][] elements) {

    private static final DateTimeFormatter D8 = DateTimeFormatter.BASIC_ISO_DATE;

    /** Element {@code e} (its first component when it is a composite). */
    public String get(int e) {
        return get(e, 1);
    }

    /** Component {@code c} of element {@code e}. */
    public String get(int e, int c) {
        if (e < 1 || e > elements.length || elements[e - 1] == null || c < 1 || c > elements[e - 1].length) {
            return null;
        }
        String v = elements[e - 1][c - 1];
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean is(String tag, int e, String value) {
        return this.tag.equals(tag) && value.equals(get(e));
    }

    /** How many components element {@code e} has (0 when absent). */
    public int components(int e) {
        return e < 1 || e > elements.length || elements[e - 1] == null ? 0 : elements[e - 1].length;
    }

    /**
     * A monetary amount: at most 2 decimals (cents), or a {@link X12Exception} naming the element;
     * null when absent.
     */
    public BigDecimal money(int e) {
        String v = get(e);
        if (v == null) {
            return null;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException ex) {
            throw new X12Exception(this, e, "is not a number: " + v);
        }
        if (d.scale() > 2 && d.stripTrailingZeros().scale() > 2) {
            throw new X12Exception(this, e, "has more than 2 decimals: " + v);
        }
        return d.setScale(2);
    }

    /** A decimal quantity (units), or null. */
    public BigDecimal decimal(int e) {
        String v = get(e);
        try {
            return v == null ? null : new BigDecimal(v);
        } catch (NumberFormatException ex) {
            throw new X12Exception(this, e, "is not a number: " + v);
        }
    }

    /** A CCYYMMDD date in element {@code e} (component {@code c}), or null. */
    public LocalDate date(int e) {
        String v = get(e);
        try {
            return v == null ? null : LocalDate.parse(v, D8);
        } catch (DateTimeParseException ex) {
            throw new X12Exception(this, e, "is not a CCYYMMDD date: " + v);
        }
    }

    /** Where this segment is, for messages: {@code CLP (segment 12)}. */
    public String where() {
        return tag + " (segment " + position + (loop == null ? "" : ", loop " + loop) + ")";
    }

    /** The segment as X12 text ({@code *} between elements, {@code :} between components, {@code ~} at the end). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(tag);
        for (String[] e : elements) {
            b.append('*');
            if (e != null) {
                for (int c = 0; c < e.length; c++) {
                    if (c > 0) {
                        b.append(':');
                    }
                    b.append(e[c] == null ? "" : e[c]);
                }
            }
        }
        return b.append('~').toString();
    }

    /** A date as X12 writes it (CCYYMMDD). */
    public static String d8(LocalDate d) {
        return d.format(D8);
    }

    /** An amount as X12 writes it: no trailing zeros or point ({@code 100}, {@code 12.5}, {@code -37.25}). */
    public static String amount(BigDecimal a) {
        BigDecimal s = a.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
