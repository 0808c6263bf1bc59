package org.frontdesk.reception.claims;

import org.frontdesk.reception.shared.X12Exception;
import org.frontdesk.reception.shared.X12Issue;
import org.frontdesk.reception.shared.X12Reader;
import org.frontdesk.reception.shared.X12Segment;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the acknowledgments of what we sent: a 999 (was each transaction set of a group
 * accepted, and if not, which segments and elements were wrong) and a 277CA or 277 (each claim's
 * status category, the payer's claim number). One transaction set or claim at a time.
 */
final class Acks {

    private Acks() {
    }

    /** A 999's verdict on one of our transaction sets (AK2), or on the whole group when {@code transaction} is null. */
    record SetAck(String receiver, long group, String transaction, String code, List<String> errors,
                  List<String> claimControls, String text) {

        boolean accepted() {
            return "A".equals(code) || "E".equals(code);
        }
    }

    /** One claim's status from a 277CA or 277: its control number, statuses (STC), payer claim number. */
    record ClaimAck(String control, List<Status> statuses, String payerClaimNumber, String text) {
    }

    /** An STC: category, status code, entity, action (STC03), amount, free text. */
    record Status(String category, String code, String entity, String action, String message) {

        boolean rejected() {
            return "U".equals(action) || List.of("A3", "A4", "A6", "A7", "A8").contains(category);
        }

        String describe() {
            String words = CATEGORIES.getOrDefault(category, "status category " + category);
            return category + (code == null ? "" : ":" + code) + (entity == null ? "" : ":" + entity) + " " + words
                    + (code == null ? "" : " (status code " + code + (entity == null ? "" : ", entity " + entity) + ")")
                    + (message == null ? "" : ": " + message);
        }
    }

    /** Claim status category codes (X12 code list 507), as billing staff read them. */
    static final Map<String, String> CATEGORIES = Map.ofEntries(
            Map.entry("A0", "forwarded to another entity"), Map.entry("A1", "received"),
            Map.entry("A2", "accepted into adjudication"), Map.entry("A3", "returned as unprocessable"),
            Map.entry("A4", "not found"), Map.entry("A5", "split claim"),
            Map.entry("A6", "rejected for missing information"), Map.entry("A7", "rejected for invalid information"),
            Map.entry("A8", "rejected for a relational field in error"), Map.entry("P0", "pending: adjudication"),
            Map.entry("P1", "pending: in process"), Map.entry("P2", "pending: payer review"),
            Map.entry("P3", "pending: provider requested information"), Map.entry("P4", "pending: patient requested information"),
            Map.entry("P5", "pending: payer administrative hold"), Map.entry("F0", "finalized"),
            Map.entry("F1", "finalized: payment"), Map.entry("F2", "finalized: denial"),
            Map.entry("F3", "finalized: revised"), Map.entry("F4", "finalized: no payment forthcoming"),
            Map.entry("R0", "request for additional information: general"), Map.entry("R1", "request for information: entity"),
            Map.entry("R3", "request for information: claim or line"), Map.entry("R4", "request for information: documentation"),
            Map.entry("E0", "response not possible: error on submitted request"),
            Map.entry("E1", "response not possible: system status"), Map.entry("E2", "information holder not responding"),
            Map.entry("E3", "correction required: relational field in error"), Map.entry("E4", "trading partner agreement missing"),
            Map.entry("D0", "data search unsuccessful"));

    /** IK304 and IK403 codes of a 999, in words. */
    private static final Map<String, String> SEGMENT_ERRORS = Map.of("1", "unrecognized segment", "2",
            "unexpected segment", "3", "required segment missing", "4", "loop occurs over maximum times", "5",
            "segment exceeds maximum use", "6", "segment not in defined transaction set", "7",
            "segment not in proper sequence", "8", "segment has data element errors");
    private static final Map<String, String> ELEMENT_ERRORS = Map.ofEntries(Map.entry("1", "required data element missing"),
            Map.entry("2", "conditional required data element missing"), Map.entry("3", "too many data elements"),
            Map.entry("4", "data element too short"), Map.entry("5", "data element too long"),
            Map.entry("6", "invalid character in data element"), Map.entry("7", "invalid code value"),
            Map.entry("8", "invalid date"), Map.entry("9", "invalid time"), Map.entry("10", "exclusion condition violated"),
            Map.entry("12", "too many repetitions"), Map.entry("13", "too many components"),
            Map.entry("I10", "implementation not used data element present"), Map.entry("I12", "implementation pattern match failure"),
            Map.entry("I6", "code value not used in implementation"));

    /** Reads a 999 into its set verdicts. */
    static List<X12Issue> read999(InputStream in, List<SetAck> out) {
        return X12Reader.read(in, new X12Reader.Handler() {
            String receiver;
            long group;
            String transaction;
            List<String> errors;
            List<String> controls;
            StringBuilder text;
            String segment;
            boolean any;

            @Override
            public void segment(X12Segment s) {
                switch (s.tag()) {
                    case "GS" -> receiver = s.get(3);
                    case "ST" -> {
                        if (!"999".equals(s.get(1))) {
                            throw new X12Exception(s, 1, "is " + s.get(1) + ", not a 999");
                        }
                        any = false;
                    }
                    case "AK1" -> {
                        try {
                            group = Long.parseLong(s.get(2));
                        } catch (NumberFormatException e) {
                            throw new X12Exception(s, 2, "is not a group control number: " + s.get(2));
                        }
                    }
                    case "AK2" -> {
                        transaction = s.get(2);
                        errors = new ArrayList<>();
                        controls = new ArrayList<>();
                        text = new StringBuilder(s.toString());
                    }
                    case "IK3" -> {
                        segment = s.get(1) + " (segment " + s.get(2) + (s.get(3) == null ? "" : ", loop " + s.get(3)) + ")";
                        if (s.get(4) != null) {
                            errors.add(segment + ": " + SEGMENT_ERRORS.getOrDefault(s.get(4), "error " + s.get(4)));
                        }
                        text.append(s);
                    }
                    case "CTX" -> {
                        if ("CLM01".equals(s.get(1, 1)) && s.get(1, 2) != null) {
                            controls.add(s.get(1, 2));
                        }
                        if (text != null) {
                            text.append(s);
                        }
                    }
                    case "IK4" -> {
                        errors.add(segment + " element " + s.get(1, 1) + (s.get(1, 2) == null ? "" : "-" + s.get(1, 2))
                                + ": " + ELEMENT_ERRORS.getOrDefault(s.get(3), "error " + s.get(3))
                                + (s.get(4) == null ? "" : " ('" + s.get(4) + "')"));
                        text.append(s);
                    }
                    case "IK5" -> {
                        text.append(s);
                        any = true;
                        out.add(new SetAck(receiver, group, transaction, s.get(1), List.copyOf(errors), List.copyOf(controls),
                                text.toString()));
                    }
                    case "AK9" -> {
                        if (!any) { // no AK2: the group's verdict is all there is
                            out.add(new SetAck(receiver, group, null, s.get(1), List.of(), List.of(), s.toString()));
                        }
                    }
                    default -> {
                    }
                }
            }
        });
    }

    /** Reads a 277CA or 277 into its claims' statuses. */
    static List<X12Issue> read277(InputStream in, List<ClaimAck> out) {
        return X12Reader.read(in, new X12Reader.Handler() {
            String level;
            String control;
            String icn;
            List<Status> statuses;
            StringBuilder text;

            @Override
            public void segment(X12Segment s) {
                switch (s.tag()) {
                    case "ST" -> {
                        if (!"277".equals(s.get(1))) {
                            throw new X12Exception(s, 1, "is " + s.get(1) + ", not a 277");
                        }
                    }
                    case "HL" -> level = s.get(3);
                    case "TRN" -> {
                        if ("2200".equals(s.loop()) && claimLevel()) {
                            control = s.get(2);
                            icn = null;
                            statuses = new ArrayList<>();
                            text = new StringBuilder(s.toString());
                        }
                    }
                    case "STC" -> {
                        if (statuses != null && "2200".equals(s.loop())) {
                            statuses.add(new Status(s.get(1, 1), s.get(1, 2), s.get(1, 3), s.get(3), s.get(12)));
                            text.append(s);
                        }
                    }
                    case "REF" -> {
                        if (statuses != null && "2200".equals(s.loop())) {
                            if ("1K".equals(s.get(1))) {
                                icn = s.get(2);
                            } else if ("EJ".equals(s.get(1)) && s.get(2) != null) {
                                control = s.get(2); // a 277 names our patient account number here
                            }
                            text.append(s);
                        }
                    }
                    default -> {
                    }
                }
            }

            private boolean claimLevel() {
                return "PT".equals(level) || "22".equals(level) || "23".equals(level);
            }

            @Override
            public void endLoop(String code) {
                if ("2200".equals(code) && statuses != null) {
                    out.add(new ClaimAck(control, List.copyOf(statuses), icn, text.toString()));
                    statuses = null;
                }
            }
        });
    }
}
