package org.frontdesk.reception.coverage;

import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;

import java.util.List;
import java.util.Locale;

/**
 * Whether a member id can be right for its payer. Medicare's Beneficiary Identifier has a public
 * format (CMS): 11 characters, by position numeric 1-9, letter, letter or digit, digit, letter,
 * letter or digit, digit, letter, letter, digit, digit, where letters exclude S, L, O, I, B and Z.
 * Other payers may configure a regular expression.
 */
final class MemberIdRule {

    /** The letters an MBI may use: A-Z without S, L, O, I, B, Z. */
    static final String MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY";
    private static final char DIGIT_1_9 = '1';
    private static final char DIGIT = '9';
    private static final char LETTER = 'A';
    private static final char EITHER = '*';
    /** Kind of character at each MBI position. */
    private static final char[] MBI = {DIGIT_1_9, LETTER, EITHER, DIGIT, LETTER, EITHER, DIGIT, LETTER, LETTER, DIGIT, DIGIT};

    /** The longest member id kept (the coverage's member_id column). */
    static final int MAX_ID = CoverageService.MAX_MEMBER_ID;
    /** The longest member-id pattern a payer may set. */
    static final int MAX_PATTERN = 200;

    private MemberIdRule() {
    }

    /**
     * Why a payer's member-id pattern can't be used, or null when it can: it must compile in RE2
     * syntax, be short, and nest no quantifier inside another ({@code (a+)+}), which other engines
     * take exponential time on and which a member id never needs.
     */
    static String patternProblem(String pattern) {
        if (pattern.length() > MAX_PATTERN) {
            return "is longer than " + MAX_PATTERN + " characters";
        }
        try {
            com.google.re2j.Pattern.compile(pattern);
        } catch (com.google.re2j.PatternSyntaxException e) {
            return "is not a valid regular expression: " + e.getDescription();
        }
        // groups that hold a quantifier, by depth; a quantifier right after such a group nests
        java.util.ArrayDeque<boolean[]> open = new java.util.ArrayDeque<>();
        boolean inClass = false;
        boolean lastWasQuantifiedGroup = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            boolean closedQuantifiedGroup = false;
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                open.push(new boolean[] {false});
            } else if (c == ')' && !open.isEmpty()) {
                boolean quantified = open.pop()[0];
                closedQuantifiedGroup = quantified;
                if (quantified && !open.isEmpty()) {
                    open.peek()[0] = true;
                }
            } else if (c == '*' || c == '+' || c == '?' || c == '{') {
                if (lastWasQuantifiedGroup) {
                    return "nests a quantifier inside another (like (a+)+); write it without the nesting";
                }
                if (!open.isEmpty()) {
                    open.peek()[0] = true;
                }
            }
            lastWasQuantifiedGroup = closedQuantifiedGroup;
        }
        return null;
    }

    /**
     * The member id as stored (an MBI without its display dashes, upper case), or a 400 naming
     * what is wrong at {@code pointer}.
     */
    public static String check(Payer payer, String raw, String pointer) {
        String id = raw == null ? "" : raw.trim();
        if (id.isEmpty()) {
            throw invalid(pointer, "The member id is required.");
        }
        if ("medicare".equals(payer.type)) {
            return mbi(id, pointer);
        }
        if (id.length() > MAX_ID) {
            throw invalid(pointer, "A member id has at most " + MAX_ID + " characters.");
        }
        if (payer.memberIdPattern != null && !payer.memberIdPattern.isBlank()) {
            boolean matches;
            try {
                // RE2/J matches in time linear in the id, whatever the pattern: an admin's pattern can't stall the desk
                matches = com.google.re2j.Pattern.compile(payer.memberIdPattern).matches(id);
            } catch (com.google.re2j.PatternSyntaxException e) {
                matches = true; // a broken pattern is refused when the payer is saved; never block the desk on it
            }
            if (!matches) {
                throw invalid(pointer, "This is not a member id of " + payer.name + ": it must match "
                        + payer.memberIdPattern + ".");
            }
        }
        return id;
    }

    /** An MBI, upper-cased, without the dashes and spaces of its printed form (1EG4-TE5-MK73). */
    static String mbi(String raw, String pointer) {
        String id = raw.toUpperCase(Locale.ROOT).replace("-", "").replace(" ", "");
        if (id.length() != MBI.length) {
            throw invalid(pointer, "A Medicare Beneficiary Identifier has 11 characters (dashes aside); this has "
                    + id.length() + ".");
        }
        for (int i = 0; i < MBI.length; i++) {
            char c = id.charAt(i);
            boolean letter = MBI_LETTERS.indexOf(c) >= 0;
            boolean digit = c >= '0' && c <= '9';
            String problem = switch (MBI[i]) {
                case DIGIT_1_9 -> c >= '1' && c <= '9' ? null : "a digit from 1 to 9";
                case DIGIT -> digit ? null : "a digit";
                case LETTER -> letter ? null : "a letter other than S, L, O, I, B or Z";
                default -> letter || digit ? null : "a digit or a letter other than S, L, O, I, B or Z";
            };
            if (problem != null) {
                throw invalid(pointer, "Medicare Beneficiary Identifier position " + (i + 1) + " must be " + problem
                        + "; found '" + c + "'.");
            }
        }
        return id;
    }

    private static ProblemException invalid(String pointer, String detail) {
        return ProblemException.badRequest(detail, List.of(new FieldError(pointer, detail)));
    }
}
