package org.frontdesk.reception.coding;

import org.frontdesk.reception.coding.CodeFile.BadLine;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The published layouts, line by line: ICD-10-CM order file and its addenda (CDC/CMS), HCPCS
 * Level II (CMS fixed width), a practice's CPT file, and the NCCI PTP, MUE and add-on edit
 * tables (CMS tab-separated). Each parser refuses the first line that does not fit, by number.
 */
final class CodeFormats {

    private static final Pattern ICD_CODE = Pattern.compile("[A-Z][0-9][0-9A-Z]{1,5}");
    private static final Pattern HCPCS_CODE = Pattern.compile("[A-Z0-9][0-9]{3}[0-9A-Z]");
    private static final Pattern PROCEDURE_CODE = Pattern.compile("[0-9A-Z]{5}");

    private CodeFormats() {
    }

    /** What an addenda file does to the version it is based on. */
    public record Addenda(List<CodeRow> added, List<String> deleted, List<CodeRow> revised, String sha256) {
    }

    /** A parsed file: its rows and SHA-256. */
    public record Parsed<T>(List<T> rows, String sha256) {
    }

    /**
     * ICD-10-CM order file: order number (1-5), code without dot (7-13), 0 header / 1 billable
     * (15), short title (17-76), long title (78-).
     */
    public static Parsed<CodeRow> icd10cmOrder(Path path) {
        List<CodeRow> rows = new ArrayList<>(100_000);
        String sha = CodeFile.read(path, (n, line) -> {
            if (line.isBlank()) {
                return;
            }
            if (line.length() < 78) {
                throw new BadLine(n, "too short for the ICD-10-CM order-file layout (" + line.length()
                        + " characters; a line has at least 78)");
            }
            if (!line.substring(0, 5).matches("\\d{5}") || line.charAt(5) != ' ') {
                throw new BadLine(n, "columns 1-5 must be the order number (5 digits)");
            }
            // the order file has the code before the flag; the addenda have the flag first
            rows.add(icdRow(n, line.charAt(14) + " " + line.substring(6, 13) + " " + line.substring(16)));
        });
        if (rows.isEmpty()) {
            throw new BadLine(0, "the file has no codes");
        }
        return new Parsed<>(rows, sha);
    }

    /** The part of an order-file line from the header/billable flag on (also the addenda's layout after the action). */
    private static CodeRow icdRow(int n, String rest) {
        char flag = rest.charAt(0);
        if (flag != '0' && flag != '1') {
            throw new BadLine(n, "the header/billable flag must be 0 or 1");
        }
        String code = CodeFile.field(rest, 2, 9);
        if (!ICD_CODE.matcher(code).matches()) {
            throw new BadLine(n, "the code is not an ICD-10-CM code (letter, digit, then 1 to 5 characters)");
        }
        String shortTitle = CodeFile.field(rest, 10, 70);
        String longTitle = rest.length() > 71 ? rest.substring(71).trim() : "";
        if (longTitle.isEmpty()) {
            throw new BadLine(n, "the long title is missing");
        }
        return new CodeRow(code, flag == '1', shortTitle, longTitle, null, null);
    }

    /** ICD-10-CM order-file addenda: {@code Add:}, {@code Delete:}, {@code Revise from:}/{@code Revise to:}. */
    public static Addenda icd10cmAddenda(Path path) {
        List<CodeRow> added = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<CodeRow> revised = new ArrayList<>();
        String[] pendingFrom = {null};
        boolean[] summary = {false};
        String sha = CodeFile.read(path, (n, line) -> {
            if (line.isBlank() || summary[0]) {
                return;
            }
            String action = line.length() >= 13 ? line.substring(0, 13).trim() : line.trim();
            switch (action) {
                case "Add:" -> added.add(icdRow(n, rest(n, line)));
                case "Delete:" -> deleted.add(icdRow(n, rest(n, line)).code());
                case "Revise from:" -> pendingFrom[0] = icdRow(n, rest(n, line)).code();
                case "Revise to:" -> {
                    CodeRow to = icdRow(n, rest(n, line));
                    if (!to.code().equals(pendingFrom[0])) {
                        throw new BadLine(n, "a 'Revise to:' does not follow its 'Revise from:'");
                    }
                    revised.add(to);
                    pendingFrom[0] = null;
                }
                default -> {
                    // the file ends with a summary ("Headers", "Codes", counts); anything else is not this layout
                    if ((line.equals("Headers") || line.equals("Codes")) && !(added.isEmpty() && deleted.isEmpty())) {
                        summary[0] = true;
                    } else {
                        throw new BadLine(n, "expected Add:, Delete:, Revise from: or Revise to: in columns 1-13");
                    }
                }
            }
        });
        if (added.isEmpty() && deleted.isEmpty() && revised.isEmpty()) {
            throw new BadLine(0, "the addenda have no Add:, Delete: or Revise lines");
        }
        return new Addenda(added, deleted, revised, sha);
    }

    private static String rest(int n, String line) {
        if (line.length() < 13 + 72) {
            throw new BadLine(n, "too short for the addenda layout (" + line.length() + " characters)");
        }
        return line.substring(13);
    }

    /**
     * HCPCS Level II (CMS alpha-numeric file): code (1-5), record id (11: 3 procedure, 4 its
     * continuation, 7 modifier, 8 its continuation), long description (12-91), short
     * description (92-119), add date (269-276), action effective date (277-284), termination
     * date (285-292). Modifiers are not billable codes and are skipped. Lines before the first
     * record are the file's disclaimer.
     */
    public static Parsed<CodeRow> hcpcs(Path path) {
        List<CodeRow> rows = new ArrayList<>(8_000);
        StringBuilder[] longTitle = {null};
        String[] current = {null};
        Object[] head = new Object[4];
        boolean[] started = {false};
        String sha = CodeFile.read(path, (n, line) -> {
            char rid = line.length() > 10 ? line.charAt(10) : ' ';
            boolean record = line.length() >= 11 && "3478".indexOf(rid) >= 0
                    && line.substring(5, 10).matches("\\d{5}");
            if (!started[0] && !record) {
                return; // the disclaimer before the first record
            }
            if (line.isBlank()) {
                return;
            }
            if (!record) {
                throw new BadLine(n, "not an HCPCS record (code in 1-5, sequence in 6-10, record id 3, 4, 7 or 8 in 11)");
            }
            started[0] = true;
            String code = line.substring(0, 5).trim();
            if (rid == '3') {
                flush(rows, current, longTitle, head);
                if (!HCPCS_CODE.matcher(code).matches()) {
                    throw new BadLine(n, "the code is not an HCPCS code");
                }
                if (line.length() < 292) {
                    throw new BadLine(n, "too short for the HCPCS record layout (" + line.length()
                            + " characters; the dates end at 292)");
                }
                current[0] = code;
                longTitle[0] = new StringBuilder(CodeFile.field(line, 11, 91));
                head[0] = CodeFile.field(line, 91, 119);
                head[1] = CodeFile.date(line.substring(268, 276), n, "the add date (269-276)");
                head[2] = CodeFile.date(line.substring(284, 292), n, "the termination date (285-292)");
            } else if (rid == '4') {
                if (!code.equals(current[0])) {
                    throw new BadLine(n, "a continuation record without its first record");
                }
                longTitle[0].append(' ').append(CodeFile.field(line, 11, 91));
            } else {
                flush(rows, current, longTitle, head); // modifiers: not codes to bill
            }
        });
        flush(rows, current, longTitle, head);
        if (rows.isEmpty()) {
            throw new BadLine(0, "the file has no HCPCS procedure records");
        }
        return new Parsed<>(rows, sha);
    }

    private static void flush(List<CodeRow> rows, String[] current, StringBuilder[] longTitle, Object[] head) {
        if (current[0] != null) {
            rows.add(new CodeRow(current[0], true, (String) head[0], longTitle[0].toString().trim(),
                    (LocalDate) head[1], (LocalDate) head[2]));
            current[0] = null;
        }
    }

    /**
     * A practice's CPT file (never shipped: AMA licence): tab-separated code, descriptor, and
     * optional effective and end dates (YYYYMMDD). A first line starting with "code" is a header.
     */
    public static Parsed<CodeRow> cpt(Path path) {
        List<CodeRow> rows = new ArrayList<>();
        String sha = CodeFile.read(path, (n, line) -> {
            if (line.isBlank() || (n == 1 && line.toLowerCase().startsWith("code"))) {
                return;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 2 || f.length > 4) {
                throw new BadLine(n, "expected code, descriptor[, effective date[, end date]] separated by tabs");
            }
            String code = f[0].trim().toUpperCase();
            if (!PROCEDURE_CODE.matcher(code).matches()) {
                throw new BadLine(n, "the code is not a 5-character procedure code");
            }
            if (f[1].isBlank()) {
                throw new BadLine(n, "the descriptor is missing");
            }
            rows.add(new CodeRow(code, true, null, f[1].trim(), f.length > 2 ? CodeFile.date(f[2], n, "the effective date")
                    : null, f.length > 3 ? CodeFile.date(f[3], n, "the end date") : null));
        });
        if (rows.isEmpty()) {
            throw new BadLine(0, "the file has no codes");
        }
        return new Parsed<>(rows, sha);
    }

    /** An NCCI procedure-to-procedure edit row. */
    public record PtpRow(String column1, String column2, LocalDate effective, LocalDate deleted, char modifierIndicator) {
    }

    /**
     * NCCI PTP (CMS tab-separated): column 1, column 2, "in existence prior to 1996" flag,
     * effective date, deletion date ({@code *} = none), modifier indicator (0, 1, 9), rationale.
     * Header lines (before the first data row) are skipped.
     */
    public static Parsed<PtpRow> ncciPtp(Path path) {
        List<PtpRow> rows = new ArrayList<>();
        String sha = CodeFile.read(path, (n, line) -> {
            String[] f = line.split("\t", -1);
            boolean data = f.length >= 6 && PROCEDURE_CODE.matcher(f[0].trim()).matches();
            if (!data) {
                if (rows.isEmpty() && !line.isBlank() && !PROCEDURE_CODE.matcher(f[0].trim()).matches()) {
                    return; // the table's heading lines
                }
                if (line.isBlank()) {
                    return;
                }
                throw new BadLine(n, "expected column 1, column 2, prior-1996 flag, effective date, deletion date, "
                        + "modifier indicator (tab-separated)");
            }
            String c2 = f[1].trim();
            if (!PROCEDURE_CODE.matcher(c2).matches()) {
                throw new BadLine(n, "column 2 is not a 5-character procedure code");
            }
            LocalDate effective = CodeFile.date(f[3], n, "the effective date");
            if (effective == null) {
                throw new BadLine(n, "the effective date is required");
            }
            String mi = f[5].trim();
            if (!mi.matches("[019]")) {
                throw new BadLine(n, "the modifier indicator must be 0, 1 or 9");
            }
            rows.add(new PtpRow(f[0].trim(), c2, effective, CodeFile.date(f[4], n, "the deletion date"), mi.charAt(0)));
        });
        if (rows.isEmpty()) {
            throw new BadLine(0, "the file has no PTP edits");
        }
        return new Parsed<>(rows, sha);
    }

    /** An MUE row. */
    public record MueRow(String code, int units, char indicator) {
    }

    /**
     * MUE (CMS tab-separated): HCPCS/CPT code, MUE value, adjudication indicator (its text starts
     * with 1, 2 or 3), rationale. Header lines are skipped.
     */
    public static Parsed<MueRow> mue(Path path) {
        List<MueRow> rows = new ArrayList<>();
        String sha = CodeFile.read(path, (n, line) -> {
            String[] f = line.split("\t", -1);
            if (line.isBlank() || (rows.isEmpty() && (f.length < 3 || !PROCEDURE_CODE.matcher(f[0].trim()).matches()))) {
                return;
            }
            if (f.length < 3 || !PROCEDURE_CODE.matcher(f[0].trim()).matches()) {
                throw new BadLine(n, "expected code, MUE value, adjudication indicator (tab-separated)");
            }
            int units;
            try {
                units = Integer.parseInt(f[1].trim());
            } catch (NumberFormatException e) {
                throw new BadLine(n, "the MUE value must be a whole number");
            }
            String mai = f[2].trim();
            if (mai.isEmpty() || "123".indexOf(mai.charAt(0)) < 0) {
                throw new BadLine(n, "the adjudication indicator must start with 1, 2 or 3");
            }
            rows.add(new MueRow(f[0].trim(), units, mai.charAt(0)));
        });
        if (rows.isEmpty()) {
            throw new BadLine(0, "the file has no MUEs");
        }
        return new Parsed<>(rows, sha);
    }

    /** An add-on code edit row. */
    public record AddOnRow(String addOn, String primary, char type, LocalDate effective, LocalDate deleted) {
    }

    /**
     * Add-on code edits (CMS tab-separated): add-on code, primary code, edit type (1, 2, 3),
     * primary's effective date, deletion date ({@code *} = none). Header lines are skipped.
     */
    public static Parsed<AddOnRow> addOn(Path path) {
        List<AddOnRow> rows = new ArrayList<>();
        String sha = CodeFile.read(path, (n, line) -> {
            String[] f = line.split("\t", -1);
            if (line.isBlank() || (rows.isEmpty() && (f.length < 4 || !PROCEDURE_CODE.matcher(f[0].trim()).matches()))) {
                return;
            }
            if (f.length < 4 || !PROCEDURE_CODE.matcher(f[0].trim()).matches()
                    || !PROCEDURE_CODE.matcher(f[1].trim()).matches()) {
                throw new BadLine(n, "expected add-on code, primary code, edit type, effective date[, deletion date]");
            }
            String type = f[2].trim();
            if (!type.matches("[123]")) {
                throw new BadLine(n, "the edit type must be 1, 2 or 3");
            }
            LocalDate effective = CodeFile.date(f[3], n, "the effective date");
            if (effective == null) {
                throw new BadLine(n, "the effective date is required");
            }
            rows.add(new AddOnRow(f[0].trim(), f[1].trim(), type.charAt(0), effective,
                    f.length > 4 ? CodeFile.date(f[4], n, "the deletion date") : null));
        });
        if (rows.isEmpty()) {
            throw new BadLine(0, "the file has no add-on edits");
        }
        return new Parsed<>(rows, sha);
    }
}
