package org.frontdesk.reception.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money that comes from outside (an insurer's answer): checked before any arithmetic, since a
 * decimal like {@code 1e-20000000} is cheap to send and costly to round, and a negative copay or
 * share would be believed. What fails the check is not an amount we know.
 */
public final class Amounts {

    /** The most digits after (or, negative, before) the point an outside amount may have. */
    public static final int MAX_SCALE = 10;
    /** The most significant digits an outside amount may have. */
    public static final int MAX_PRECISION = 20;

    private Amounts() {
    }

    /**
     * An outside amount in cents, or null when none was given.
     *
     * @param what names the amount in the message, e.g. "the copay"
     * @throws IllegalArgumentException when it is negative or its scale or precision is absurd
     */
    public static BigDecimal fromOutside(BigDecimal v, String what) {
        if (v == null) {
            return null;
        }
        if (Math.abs(v.scale()) > MAX_SCALE || v.precision() > MAX_PRECISION) {
            throw new IllegalArgumentException(what + " is not a plausible amount (more than " + MAX_PRECISION
                    + " digits, or " + MAX_SCALE + " decimal places)");
        }
        if (v.signum() < 0) {
            throw new IllegalArgumentException(what + " is negative (" + v.toPlainString() + ")");
        }
        return v.setScale(2, RoundingMode.HALF_UP);
    }
}
