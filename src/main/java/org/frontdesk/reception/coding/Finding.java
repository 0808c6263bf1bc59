package org.frontdesk.reception.coding;

import java.util.List;

/**
 * One thing a biller must know about a code or claim: the code(s) involved, the rule, how bad
 * (an {@code error} blocks submission, a {@code warning} does not) and what to do, in words.
 */
public record Finding(List<String> codes, String rule, String severity, String message) {

    public static Finding error(String rule, String message, String... codes) {
        return new Finding(List.of(codes), rule, "error", message);
    }

    public static Finding warning(String rule, String message, String... codes) {
        return new Finding(List.of(codes), rule, "warning", message);
    }
}
