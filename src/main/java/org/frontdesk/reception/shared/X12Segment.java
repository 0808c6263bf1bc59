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
        java.util.regex.Matcher m = NUMBER.matcher(v);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2) == null) {
            throw new X12Exception(this, e, "is not a plain decimal amount: " + shown(v));
        }
        String fraction = m.group(2) == null ? "" : m.group(2).substring(1);
        if (fraction.length() > 2 && !fraction.substring(2).chars().allMatch(c -> c == '0')) {
            throw new X12Exception(this, e, "has more than 2 decimals: " + shown(v));
        }
        if (m.group(1).replaceFirst("^0+", "").length() > 10) {
            throw new X12Exception(this, e, "is larger than an amount we keep (10 digits before the point): " + shown(v));
        }
        return new BigDecimal(v).setScale(2, java.math.RoundingMode.UNNECESSARY);
    }

    /** A decimal quantity (units, percent as a share), at most 12 digits before the point and 3 after; or null. */
    public BigDecimal decimal(int e) {
        String v = get(e);
        if (v == null) {
            return null;
        }
        java.util.regex.Matcher m = NUMBER.matcher(v);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2) == null
                || m.group(1).replaceFirst("^0+", "").length() > 12
                || m.group(2) != null && m.group(2).length() - 1 > 3) {
            throw new X12Exception(this, e, "is not a quantity we take (at most 12 digits and 3 decimals): " + shown(v));
        }
        return new BigDecimal(v);
    }

    /** X12 R (decimal): an optional minus, digits, an optional point and digits; no exponent, no plus. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?(\\d{0,40})(\\.\\d{0,40})?");

    private static String shown(String v) {
        return v.length() > 30 ? v.substring(0, 30) + "..." : v;
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
