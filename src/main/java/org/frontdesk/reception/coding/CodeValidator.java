package org.frontdesk.reception.coding;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One code on one date of service: does it exist in the version that answers for that date, is
 * it billable, is it in effect (its own dates, for HCPCS and CPT), which version said so, its
 * titles, and whether it fits the patient's age and sex. Served from {@link CodeIndex}.
 */
@ApplicationScoped
public class CodeValidator {

    private final CodeIndex index;

    public CodeValidator(CodeIndex index) {
        this.index = index;
    }

    /** The answer for one code. {@code valid} means billable and in effect on the date. */
    public record Result(String input, String system, String code, boolean found, boolean billable, boolean valid,
                         String version, String shortTitle, String longTitle, List<Finding> findings) {
    }

    /** Who the patient is, for the age and sex edits; either may be unknown. */
    public record Patient(LocalDate birthDate, Integer age, String sex) {
        Integer ageOn(LocalDate day) {
            if (age != null) {
                return age;
            }
            return birthDate == null ? null : Period.between(birthDate, day).getYears();
        }
    }

    public Result check(String system, String input, LocalDate day, Patient patient) {
        String code = CodeRow.normalize(input);
        String display = CodeSystems.ICD10CM.equals(system) && code.length() > 3
                ? code.substring(0, 3) + "." + code.substring(3) : code;
        List<Finding> findings = new ArrayList<>();
        Optional<CodeIndex.Version> version = index.version(system, day);
        if (version.isEmpty()) {
            findings.add(Finding.error("no-code-set", "No " + system.toUpperCase(Locale.ROOT) + " code set is loaded for "
                    + day + "; an administrator must load the version for that date of service.", display));
            return new Result(input, system, code, false, false, false, null, null, null, findings);
        }
        CodeRow row = version.get().codes().get(code);
        if (row == null) {
            findings.add(Finding.error("unknown-code", display + " is not a " + system.toUpperCase(Locale.ROOT)
                    + " code on " + day + " (" + version.get().name() + ")" + elsewhere(system, code, version.get())
                    + ".", display));
            return new Result(input, system, code, false, false, false, version.get().name(), null, null, findings);
        }
        boolean inEffect = (row.effectiveFrom() == null || !day.isBefore(row.effectiveFrom()))
                && (row.effectiveTo() == null || !day.isAfter(row.effectiveTo()));
        if (!row.billable()) {
            findings.add(Finding.error("not-billable", display + " (" + row.longTitle() + ") is a category header, not a "
                    + "billable code: pick one of its more specific codes.", display));
        }
        if (!inEffect) {
            findings.add(Finding.error("not-in-effect", display + " is in effect " + (row.effectiveFrom() == null ? ""
                    : "from " + row.effectiveFrom() + " ") + (row.effectiveTo() == null ? "" : "until " + row.effectiveTo())
                    + ", not on " + day + ".", display));
        }
        if (CodeSystems.ICD10CM.equals(system) && patient != null) {
            findings.addAll(AgeSexEdit.check(code, patient.sex(), patient.ageOn(day)));
        }
        return new Result(input, system, code, true, row.billable(), row.billable() && inEffect, version.get().name(),
                row.shortTitle(), row.longTitle(), findings);
    }

    /**
     * A code checked against the latest version loaded, as of today if that version covers today
     * or else as of its last day: what a caller with no date of service means.
     */
    public Result checkLatest(String system, String input) {
        Optional<CodeIndex.Version> newest = index.newest(system);
        if (newest.isEmpty()) {
            return check(system, input, LocalDate.now(), null);
        }
        CodeIndex.Version v = newest.get();
        LocalDate today = LocalDate.now();
        LocalDate day = v.covers(today) ? today : v.to() != null && today.isAfter(v.to()) ? v.to() : v.from();
        return check(system, input, day, null);
    }

    /** Says which other version has the code, to explain a code deleted or not yet added. */
    private String elsewhere(String system, String code, CodeIndex.Version current) {
        return index.versions(system).stream().filter(v -> v != current && v.codes().containsKey(code))
                .max(Comparator.comparing(CodeIndex.Version::from))
                .map(v -> "; it exists in " + v.name() + " (" + v.from() + " to " + v.to() + ")").orElse("");
    }

    /** Codes whose code starts with the query or whose title has every word of it, for the picker. */
    public List<Result> search(String system, String query, LocalDate day, int limit) {
        Optional<CodeIndex.Version> version = index.version(system, day).or(() -> index.newest(system));
        if (version.isEmpty() || query == null || query.isBlank()) {
            return List.of();
        }
        String prefix = CodeRow.normalize(query);
        String[] words = query.toLowerCase(Locale.ROOT).trim().split("\\s+");
        List<CodeRow> hits = new ArrayList<>();
        for (CodeRow row : version.get().codes().values()) {
            if (row.code().startsWith(prefix) || allWords(row.longTitle(), words)) {
                hits.add(row);
            }
        }
        // code matches first, in code order (the category, then its codes); then title matches,
        // billable first and the tightest title first
        Comparator<CodeRow> byCode = Comparator.comparing(CodeRow::code);
        Comparator<CodeRow> byTitle = Comparator.comparing((CodeRow r) -> !r.billable())
                .thenComparingInt(r -> r.longTitle().length()).thenComparing(CodeRow::code);
        hits.sort((a, b) -> {
            boolean ca = a.code().startsWith(prefix);
            boolean cb = b.code().startsWith(prefix);
            return ca != cb ? (ca ? -1 : 1) : ca ? byCode.compare(a, b) : byTitle.compare(a, b);
        });
        return hits.stream().limit(limit).map(r -> new Result(r.code(), system, r.code(), true, r.billable(),
                r.billable(), version.get().name(), r.shortTitle(), r.longTitle(), List.of())).toList();
    }

    private static boolean allWords(String title, String[] words) {
        String t = title.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (!t.contains(w)) {
                return false;
            }
        }
        return true;
    }
}
