package org.frontdesk.reception.shared;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one normalisation of names, phones and e-mails used for both storing search keys and
 * querying them, so "José" finds "JOSE" and "(555) 010-2000" finds "+1 555 010 2000".
 */
public final class SearchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Punct}&&[^'-]]+|\\s+");
    private static final Pattern NON_DIGITS = Pattern.compile("\\D+");

    private SearchText() {
    }

    /** Lower case, accents removed, punctuation other than apostrophe and hyphen as spaces, collapsed. */
    public static String name(String s) {
        if (s == null) {
            return null;
        }
        String folded = s.replace("ß", "ss").replace("ẞ", "ss").replace("ø", "o").replace("Ø", "o")
                .replace("æ", "ae").replace("Æ", "ae").replace("œ", "oe").replace("Œ", "oe")
                .replace("ł", "l").replace("Ł", "l").replace("đ", "d").replace("Đ", "d");
        String stripped = MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFD)).replaceAll("");
        String out = SPACES.matcher(stripped.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
        return out.isEmpty() ? null : out;
    }

    /**
     * The separate words of a name for word-start search: {@link #name} with hyphens and
     * apostrophes as spaces, so "García-López" is found by "lopez" and "O'Brien" by "o brien".
     */
    public static java.util.List<String> words(String s) {
        String n = name(s);
        if (n == null) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(n.replace('-', ' ').replace('\'', ' ').split(" "))
                .filter(w -> !w.isEmpty()).toList();
    }

    /** Digits only; a leading US country code 1 on an 11-digit number is dropped. */
    public static String phone(String s) {
        if (s == null) {
            return null;
        }
        String digits = NON_DIGITS.matcher(s).replaceAll("");
        if (digits.length() == 11 && digits.charAt(0) == '1') {
            digits = digits.substring(1);
        }
        return digits.isEmpty() ? null : digits;
    }

    public static String email(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.trim().toLowerCase(Locale.ROOT);
    }

    /** Escapes LIKE wildcards so user input only ever matches literally. */
    public static String likePrefix(String normalized) {
        return normalized.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
