package org.frontdesk.reception.coding;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edits a draft professional claim must pass before it leaves: diagnosis count and
 * pointers, every code valid on its date of service, the principal diagnosis billable, age and
 * sex fit, NCCI procedure-to-procedure pairs, MUE units, and add-on codes with their primary.
 * Everything is served from {@link CodeIndex}; nothing here touches the database.
 */
@ApplicationScoped
public class ClaimScrubber {

    /** The most diagnoses a professional claim carries (837P / CMS-1500). */
    static final int MAX_DIAGNOSES = 12;
    /** The most diagnosis pointers on one service line. */
    static final int MAX_POINTERS = 4;
    /** Modifiers that mark a service distinct, which an NCCI edit with indicator 1 accepts. */
    static final Set<String> DISTINCT_MODIFIERS = Set.of("59", "XE", "XS", "XP", "XU");

    private final CodeIndex index;
    private final CodeValidator codes;

    public ClaimScrubber(CodeIndex index, CodeValidator codes) {
        this.index = index;
        this.codes = codes;
    }

    /** A service line: its procedure code, modifiers, units, diagnosis pointers (1-based) and date. */
    public record Line(String code, List<String> modifiers, int units, List<Integer> pointers, LocalDate date) {
    }

    /** A draft claim: diagnoses in order (the first is the principal), lines, and the patient. */
    public record Draft(LocalDate dateOfService, CodeValidator.Patient patient, List<String> diagnoses, List<Line> lines) {
    }

    /** The findings; the claim may go when none is an error. */
    public record Outcome(boolean clean, List<Finding> findings) {
    }

    public Outcome scrub(Draft claim) {
        List<Finding> out = new ArrayList<>();
        List<String> dx = claim.diagnoses() == null ? List.of() : claim.diagnoses();
        if (dx.isEmpty()) {
            out.add(Finding.error("no-diagnosis", "A claim needs at least one diagnosis."));
        }
        if (dx.size() > MAX_DIAGNOSES) {
            out.add(Finding.error("too-many-diagnoses", "A claim carries at most " + MAX_DIAGNOSES + " diagnoses; this one has "
                    + dx.size() + ". Split it or keep the 12 that the services point at."));
        }
        for (int i = 0; i < dx.size(); i++) {
            CodeValidator.Result r = codes.check(CodeSystems.ICD10CM, dx.get(i), claim.dateOfService(), claim.patient());
            if (i == 0 && r.found() && !r.billable()) {
                out.add(Finding.error("principal-not-billable", "The principal diagnosis " + display(r.code())
                        + " is a category header; the first diagnosis must be a billable code.", display(r.code())));
                r.findings().removeIf(f -> f.rule().equals("not-billable"));
            }
            out.addAll(r.findings());
        }
        List<Line> lines = claim.lines() == null ? List.of() : claim.lines();
        if (lines.isEmpty()) {
            out.add(Finding.error("no-service-line", "A claim needs at least one service line."));
        }
        for (int n = 0; n < lines.size(); n++) {
            Line line = lines.get(n);
            String code = CodeRow.normalize(line.code());
            LocalDate day = dayOf(claim, line);
            List<Integer> pointers = line.pointers() == null ? List.of() : line.pointers();
            if (pointers.isEmpty()) {
                out.add(Finding.error("no-diagnosis-pointer", "Line " + (n + 1) + " (" + code + ") points at no diagnosis.",
                        code));
            }
            if (pointers.size() > MAX_POINTERS) {
                out.add(Finding.error("too-many-pointers", "Line " + (n + 1) + " (" + code + ") has " + pointers.size()
                        + " diagnosis pointers; a line carries at most " + MAX_POINTERS + ".", code));
            }
            for (Integer p : pointers) {
                if (p == null || p < 1 || p > dx.size()) {
                    out.add(Finding.error("bad-diagnosis-pointer", "Line " + (n + 1) + " (" + code + ") points at diagnosis "
                            + p + ", but the claim has " + dx.size() + ".", code));
                }
            }
            if (line.units() < 1) {
                out.add(Finding.error("bad-units", "Line " + (n + 1) + " (" + code + ") must bill at least 1 unit.", code));
            }
            out.addAll(codes.check(CodeSystems.procedureSystem(code), code, day, null).findings());
        }
        ptp(claim, lines, out);
        mue(claim, lines, out);
        addOns(claim, lines, out);
        return new Outcome(out.stream().noneMatch(f -> f.severity().equals("error")), out);
    }

    /** NCCI procedure-to-procedure: pairs of lines on one day that are not paid together. */
    private void ptp(Draft claim, List<Line> lines, List<Finding> out) {
        for (int i = 0; i < lines.size(); i++) {
            for (int j = 0; j < lines.size(); j++) {
                if (i == j) {
                    continue;
                }
                Line first = lines.get(i);
                Line second = lines.get(j);
                LocalDate day = dayOf(claim, first);
                if (!day.equals(dayOf(claim, second))) {
                    continue;
                }
                String c1 = CodeRow.normalize(first.code());
                String c2 = CodeRow.normalize(second.code());
                var edits = index.edits("ncci-ptp", day);
                if (edits.isEmpty()) {
                    continue;
                }
                for (CodeFormats.PtpRow e : edits.get().ptpByCode().getOrDefault(c1, List.of())) {
                    if (!e.column2().equals(c2) || e.effective().isAfter(day)
                            || (e.deleted() != null && !e.deleted().isAfter(day)) || e.modifierIndicator() == '9') {
                        continue;
                    }
                    boolean distinct = second.modifiers() != null && second.modifiers().stream()
                            .map(m -> m.trim().toUpperCase()).anyMatch(DISTINCT_MODIFIERS::contains);
                    if (e.modifierIndicator() == '0') {
                        out.add(Finding.error("ncci-ptp", c2 + " is not paid with " + c1 + " on the same day, with or "
                                + "without a modifier (NCCI edit, modifier indicator 0). Remove " + c2 + ".", c1, c2));
                    } else if (!distinct) {
                        out.add(Finding.error("ncci-ptp", c2 + " is bundled into " + c1 + " on the same day (NCCI edit). "
                                + "If it was a distinct service (other session, site or encounter), add modifier 59 or "
                                + "XE/XS/XP/XU to " + c2 + " and document why; otherwise remove it.", c1, c2));
                    }
                }
            }
        }
    }

    /** MUE: units of a code per line (indicator 1) or per day (2 absolute, 3 clinical). */
    private void mue(Draft claim, List<Line> lines, List<Finding> out) {
        Map<String, Integer> perDay = new HashMap<>();
        for (Line line : lines) {
            perDay.merge(CodeRow.normalize(line.code()) + "|" + dayOf(claim, line), line.units(), Integer::sum);
        }
        Set<String> reported = new java.util.HashSet<>();
        for (Line line : lines) {
            LocalDate day = dayOf(claim, line);
            String code = CodeRow.normalize(line.code());
            var edits = index.edits("mue", day);
            CodeFormats.MueRow mue = edits.map(e -> e.mue().get(code)).orElse(null);
            if (mue == null) {
                continue;
            }
            if (mue.indicator() == '1' && line.units() > mue.units()) {
                out.add(Finding.error("mue", code + " is billed with " + line.units() + " units on one line; at most "
                        + mue.units() + " per line are paid (MUE, line edit).", code));
            }
            int total = perDay.get(code + "|" + day);
            if (mue.indicator() != '1' && total > mue.units() && reported.add(code + "|" + day)) {
                if (mue.indicator() == '2') {
                    out.add(Finding.error("mue", code + " is billed with " + total + " units on " + day + "; at most "
                            + mue.units() + " a day are paid, whatever the documentation (MUE, date-of-service edit: policy).",
                            code));
                } else {
                    out.add(Finding.warning("mue", code + " is billed with " + total + " units on " + day + "; more than "
                            + mue.units() + " a day is paid only on appeal with records that show the need "
                            + "(MUE, date-of-service edit: clinical).", code));
                }
            }
        }
    }

    /** Add-on codes: billed only with one of their primary procedures on the same day. */
    private void addOns(Draft claim, List<Line> lines, List<Finding> out) {
        for (Line line : lines) {
            LocalDate day = dayOf(claim, line);
            String code = CodeRow.normalize(line.code());
            var edits = index.edits("add-on", day);
            List<CodeFormats.AddOnRow> primaries = edits.map(e -> e.addOns().getOrDefault(code, List.of()))
                    .orElse(List.of()).stream()
                    .filter(a -> !a.effective().isAfter(day) && (a.deleted() == null || a.deleted().isAfter(day)))
                    .toList();
            if (primaries.isEmpty()) {
                continue;
            }
            boolean withPrimary = lines.stream().filter(l -> dayOf(claim, l).equals(day))
                    .map(l -> CodeRow.normalize(l.code()))
                    .anyMatch(c -> primaries.stream().anyMatch(p -> p.primary().equals(c)));
            if (!withPrimary) {
                String list = String.join(", ", primaries.stream().map(CodeFormats.AddOnRow::primary).limit(8).toList())
                        + (primaries.size() > 8 ? ", ..." : "");
                boolean strict = primaries.stream().anyMatch(p -> p.type() != '2');
                out.add(strict
                        ? Finding.error("add-on-without-primary", code + " is an add-on code: it is paid only with its "
                        + "primary procedure on the same day (" + list + "), and none is on this claim.", code)
                        : Finding.warning("add-on-without-primary", code + " is an add-on code whose primary the payer "
                        + "decides; check that its primary procedure is billed.", code));
            }
        }
    }

    private static LocalDate dayOf(Draft claim, Line line) {
        return line.date() == null ? claim.dateOfService() : line.date();
    }

    private static String display(String code) {
        return code.length() > 3 ? code.substring(0, 3) + "." + code.substring(3) : code;
    }
}
