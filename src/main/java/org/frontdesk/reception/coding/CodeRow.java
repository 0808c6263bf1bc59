package org.frontdesk.reception.coding;

import java.time.LocalDate;

/** One code of a version: upper case without its dot, billable or a header, its titles and own dates. */
public record CodeRow(String code, boolean billable, String shortTitle, String longTitle, LocalDate effectiveFrom,
                      LocalDate effectiveTo) {

    /** The code as entered by a person (dotted or not, any case, spaces around) in our stored form. */
    public static String normalize(String input) {
        return input == null ? "" : input.trim().replace(".", "").toUpperCase(java.util.Locale.ROOT);
    }
}
