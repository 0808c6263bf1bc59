package org.frontdesk.reception.coding;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.coding.CodeFile.BadLine;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.hibernate.Session;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Loads one version of a code set or edit table from a file in its published layout: parsed
 * whole first (a bad line refuses the load with its number), then written in one transaction
 * with PostgreSQL COPY, so a version is either all there or not at all. Loading the same file
 * as the same version again is a no-op; a different file under a loaded version is refused.
 */
@ApplicationScoped
public class CodeSetLoader {

    /** What a load is asked to do. {@code basedOn} is the previous version, for ICD-10-CM addenda. */
    public record Request(String format, String version, LocalDate validFrom, LocalDate validTo, String basedOn,
                          String path) {
    }

    /** What a load did. */
    public record Report(UUID versionId, String system, String version, LocalDate validFrom, LocalDate validTo,
                         String basedOn, int rows, int billable, int added, int deleted, int revised,
                         boolean alreadyLoaded, long millis) {
    }

    static final Map<String, String> SYSTEM_OF_FORMAT = Map.of(
            "icd10cm-order", CodeSystems.ICD10CM, "icd10cm-addenda", CodeSystems.ICD10CM,
            "hcpcs", CodeSystems.HCPCS, "cpt", CodeSystems.CPT,
            "ncci-ptp", "ncci-ptp", "mue", "mue", "add-on", "add-on");

    @Inject EntityManager em;
    @Inject CodingConfig config;
    @Inject CodeIndex index;
    @Inject Actors actors;
    @Inject Clock clock;

    /** Every loaded code-set and edit version, by system and the dates it answers for. */
    @SuppressWarnings("unchecked")
    List<CodingJson.VersionView> versions() {
        List<Object[]> rows = em.createNativeQuery("""
                select id, system, version, valid_from, valid_to, row_count, billable_count, source, loaded_at, loaded_by
                from code_set_version order by system, valid_from""").getResultList();
        return rows.stream().map(r -> new CodingJson.VersionView((UUID) r[0], (String) r[1], (String) r[2],
                toDate(r[3]), toDate(r[4]), ((Number) r[5]).intValue(), ((Number) r[6]).intValue(), (String) r[7],
                r[8] instanceof java.time.Instant i ? i : ((java.time.OffsetDateTime) r[8]).toInstant(),
                (String) r[9])).toList();
    }

    /** Loads in one transaction of its own, then rebuilds this instance's index; other instances poll. */
    public Report load(Request r) {
        long started = System.nanoTime();
        Report report = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> write(r));
        if (report.alreadyLoaded()) {
            return report;
        }
        index.refresh();
        // the time until the version is answering lookups: parse, COPY, commit, index
        return new Report(report.versionId(), report.system(), report.version(), report.validFrom(), report.validTo(),
                report.basedOn(), report.rows(), report.billable(), report.added(), report.deleted(), report.revised(),
                false, millis(started));
    }

    private Report write(Request r) {
        long started = System.nanoTime();
        String system = SYSTEM_OF_FORMAT.get(r.format());
        if (system == null) {
            throw ProblemException.badRequest("/format", "format must be one of " + new java.util.TreeSet<>(
                    SYSTEM_OF_FORMAT.keySet()) + ".");
        }
        if (r.version() == null || !r.version().matches("[A-Za-z0-9._-]{1,32}")) {
            throw ProblemException.badRequest("/version", "version must be 1 to 32 letters, digits, '.', '_' or '-' "
                    + "(e.g. FY2023, 2020, 2023-Q1).");
        }
        LocalDate[] window = window(system, r);
        Path file = allowed(r.path());
        try {
            return switch (r.format()) {
                case "icd10cm-addenda" -> addenda(r, window, file, started);
                case "icd10cm-order" -> codes(system, r, window, file, CodeFormats.icd10cmOrder(file), started);
                case "hcpcs" -> codes(system, r, window, file, CodeFormats.hcpcs(file), started);
                case "cpt" -> codes(system, r, window, file, CodeFormats.cpt(file), started);
                case "ncci-ptp" -> edits(system, r, window, file, CodeFormats.ncciPtp(file), "ncci_ptp_edit",
                        "column1, column2, effective_date, deletion_date, modifier_indicator",
                        p -> csv(p.column1(), p.column2(), p.effective(), p.deleted(), p.modifierIndicator()), started);
                case "mue" -> edits(system, r, window, file, CodeFormats.mue(file), "mue_edit",
                        "code, units, adjudication_indicator", m -> csv(m.code(), m.units(), m.indicator()), started);
                default -> edits(system, r, window, file, CodeFormats.addOn(file), "add_on_edit",
                        "add_on_code, primary_code, edit_type, effective_date, deletion_date",
                        a -> csv(a.addOn(), a.primary(), a.type(), a.effective(), a.deleted()), started);
            };
        } catch (BadLine e) {
            throw new ProblemException(Problem.of(422, "/problems/bad-code-file", "The file does not fit its layout",
                    (e.line > 0 ? "Nothing was loaded. " : "Nothing was loaded: ") + e.getMessage() + ".")
                    .withErrors(List.of(new FieldError("/path", e.getMessage()))));
        } catch (UncheckedIOException e) {
            throw ProblemException.badRequest("/path", "The file could not be read (" + e.getCause().getClass()
                    .getSimpleName() + "); nothing was loaded.");
        }
    }

    private Report codes(String system, Request r, LocalDate[] window, Path file, CodeFormats.Parsed<CodeRow> parsed,
                         long started) {
        Report existing = existing(system, r, window, parsed.sha256(), started);
        if (existing != null) {
            return existing;
        }
        UUID id = newVersion(system, r, window, null, parsed.sha256(), file);
        int billable = 0;
        StringBuilder csv = new StringBuilder(parsed.rows().size() * 160);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CodeRow row : parsed.rows()) {
            if (!seen.add(row.code())) {
                throw new BadLine(0, "code " + row.code() + " appears twice");
            }
            billable += row.billable() ? 1 : 0;
            csv.append(id).append(',').append(row.code()).append(',').append(row.billable()).append(',')
                    .append(quote(row.shortTitle())).append(',').append(quote(row.longTitle())).append(',')
                    .append(row.effectiveFrom() == null ? "" : row.effectiveFrom()).append(',')
                    .append(row.effectiveTo() == null ? "" : row.effectiveTo()).append('\n');
        }
        copy("code_entry (version_id, code, billable, short_title, long_title, effective_from, effective_to)", csv);
        counts(id, parsed.rows().size(), billable);
        return new Report(id, system, r.version(), window[0], window[1], null, parsed.rows().size(), billable,
                parsed.rows().size(), 0, 0, false, millis(started));
    }

    private Report addenda(Request r, LocalDate[] window, Path file, long started) {
        CodeFormats.Addenda a = CodeFormats.icd10cmAddenda(file);
        Report existing = existing(CodeSystems.ICD10CM, r, window, a.sha256(), started);
        if (existing != null) {
            return existing;
        }
        if (r.basedOn() == null) {
            throw ProblemException.badRequest("/basedOn", "Addenda need basedOn: the version they change (e.g. FY2022).");
        }
        UUID base = versionId(CodeSystems.ICD10CM, r.basedOn()).orElseThrow(() -> new ProblemException(Problem.of(422,
                "/problems/unknown-code-set-version", "Unknown version", "No ICD-10-CM version " + r.basedOn()
                        + " is loaded; load it before its addenda.")));
        UUID id = newVersion(CodeSystems.ICD10CM, r, window, base, a.sha256(), file);
        em.createNativeQuery("""
                        insert into code_entry (version_id, code, billable, short_title, long_title, effective_from, effective_to)
                        select ?1, code, billable, short_title, long_title, effective_from, effective_to
                        from code_entry where version_id = ?2""")
                .setParameter(1, id).setParameter(2, base).executeUpdate();
        if (!a.deleted().isEmpty()) {
            int n = em.createNativeQuery("delete from code_entry where version_id = ?1 and code = any(?2)")
                    .setParameter(1, id).setParameter(2, a.deleted().toArray(String[]::new)).executeUpdate();
            if (n != new java.util.HashSet<>(a.deleted()).size()) {
                throw new BadLine(0, (new java.util.HashSet<>(a.deleted()).size() - n) + " Delete: code(s) are not in "
                        + r.basedOn());
            }
        }
        StringBuilder adds = new StringBuilder(a.added().size() * 160);
        for (CodeRow add : a.added()) {
            adds.append(id).append(',').append(add.code()).append(',').append(add.billable()).append(',')
                    .append(quote(add.shortTitle())).append(',').append(quote(add.longTitle())).append(",,\n");
        }
        try {
            copy("code_entry (version_id, code, billable, short_title, long_title, effective_from, effective_to)", adds);
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().contains("duplicate key")) {
                throw new BadLine(0, "an Add: code is already in " + r.basedOn() + " and not deleted ("
                        + e.getMessage().replaceAll("(?s).*Key \\(version_id, code\\)=\\([^,]*, ([^)]*)\\).*", "$1")
                        + ")");
            }
            throw e;
        }
        for (CodeRow rev : a.revised()) {
            int n = em.createNativeQuery("""
                            update code_entry set billable = ?3, short_title = ?4, long_title = ?5
                            where version_id = ?1 and code = ?2""")
                    .setParameter(1, id).setParameter(2, rev.code()).setParameter(3, rev.billable())
                    .setParameter(4, rev.shortTitle()).setParameter(5, rev.longTitle()).executeUpdate();
            if (n == 0) {
                throw new BadLine(0, "Revise: " + rev.code() + " is not in " + r.basedOn());
            }
        }
        Object[] c = (Object[]) em.createNativeQuery(
                        "select count(*), count(*) filter (where billable) from code_entry where version_id = ?1")
                .setParameter(1, id).getSingleResult();
        int rows = ((Number) c[0]).intValue();
        int billable = ((Number) c[1]).intValue();
        counts(id, rows, billable);
        return new Report(id, CodeSystems.ICD10CM, r.version(), window[0], window[1], r.basedOn(), rows, billable,
                a.added().size(), a.deleted().size(), a.revised().size(), false, millis(started));
    }

    private <T> Report edits(String system, Request r, LocalDate[] window, Path file, CodeFormats.Parsed<T> parsed,
                             String table, String columns, Function<T, String> line, long started) {
        Report existing = existing(system, r, window, parsed.sha256(), started);
        if (existing != null) {
            return existing;
        }
        UUID id = newVersion(system, r, window, null, parsed.sha256(), file);
        StringBuilder csv = new StringBuilder(parsed.rows().size() * 48);
        for (T row : parsed.rows()) {
            csv.append(id).append(',').append(line.apply(row)).append('\n');
        }
        try {
            copy(table + " (version_id, " + columns + ")", csv);
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().contains("duplicate key")) {
                throw new BadLine(0, "the same edit appears twice");
            }
            throw e;
        }
        counts(id, parsed.rows().size(), 0);
        return new Report(id, system, r.version(), window[0], window[1], null, parsed.rows().size(), 0,
                parsed.rows().size(), 0, 0, false, millis(started));
    }

    /** The same file under the same version is a no-op; another file under it is refused. */
    private Report existing(String system, Request r, LocalDate[] window, String sha, long started) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select id, content_sha256, row_count, billable_count, valid_from, valid_to
                        from code_set_version where system = ?1 and version = ?2""")
                .setParameter(1, system).setParameter(2, r.version()).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] v = rows.get(0);
        if (!sha.equals(v[1])) {
            throw new ProblemException(Problem.of(409, "/problems/code-set-version-exists", "Version already loaded",
                    system + " " + r.version() + " is already loaded from a different file. Versions are never "
                            + "overwritten: load this file under a new version name."));
        }
        return new Report((UUID) v[0], system, r.version(), toDate(v[4]), toDate(v[5]), r.basedOn(),
                ((Number) v[2]).intValue(), ((Number) v[3]).intValue(), 0, 0, 0, true, millis(started));
    }

    private UUID newVersion(String system, Request r, LocalDate[] window, UUID basedOn, String sha, Path file) {
        UUID id = UUID.randomUUID();
        em.createNativeQuery("""
                        insert into code_set_version (id, system, version, valid_from, valid_to, based_on, content_sha256,
                                                      row_count, billable_count, source, loaded_at, loaded_by)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, ?8, ?9, ?10)""")
                .setParameter(1, id).setParameter(2, system).setParameter(3, r.version()).setParameter(4, window[0])
                .setParameter(5, window[1]).setParameter(6, basedOn).setParameter(7, sha)
                .setParameter(8, file.getFileName().toString()).setParameter(9, clock.instant())
                .setParameter(10, actors.current()).executeUpdate();
        return id;
    }

    private void counts(UUID id, int rows, int billable) {
        em.createNativeQuery("update code_set_version set row_count = ?2, billable_count = ?3 where id = ?1")
                .setParameter(1, id).setParameter(2, rows).setParameter(3, billable).executeUpdate();
    }

    Optional<UUID> versionId(String system, String version) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("select id from code_set_version where system = ?1 and version = ?2")
                .setParameter(1, system).setParameter(2, version).getResultList();
        return ids.stream().findFirst();
    }

    /** Dates of service a version answers for: given, or from an ICD-10-CM fiscal year / HCPCS year label. */
    private static LocalDate[] window(String system, Request r) {
        LocalDate from = r.validFrom();
        LocalDate to = r.validTo();
        var fy = java.util.regex.Pattern.compile("FY(\\d{4})").matcher(r.version() == null ? "" : r.version());
        if (CodeSystems.ICD10CM.equals(system) && fy.matches()) {
            int year = Integer.parseInt(fy.group(1));
            from = from == null ? LocalDate.of(year - 1, 10, 1) : from;
            to = to == null ? LocalDate.of(year, 9, 30) : to;
        } else if (CodeSystems.HCPCS.equals(system) && r.version() != null && r.version().matches("\\d{4}")) {
            int year = Integer.parseInt(r.version());
            from = from == null ? LocalDate.of(year, 1, 1) : from;
            to = to == null ? LocalDate.of(year, 12, 31) : to;
        }
        if (from == null || to == null) {
            throw ProblemException.badRequest("The dates of service this version is valid for are needed: validFrom and "
                    + "validTo (ICD-10-CM versions named FY<year> and HCPCS versions named <year> get theirs from the name).",
                    List.of(new FieldError("/validFrom", "required for this version")));
        }
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("/validTo", "validTo must not be before validFrom.");
        }
        return new LocalDate[] {from, to};
    }

    /** The file, if it lies inside one of the configured import directories. */
    private Path allowed(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.badRequest("/path", "path is required: a file in one of the import directories.");
        }
        Path file;
        try {
            file = Path.of(raw).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw ProblemException.badRequest("/path", "path is not a valid file path.");
        }
        // real paths on both sides: a symbolic link inside a folder can't lead a load outside it
        Path real;
        try {
            real = file.toRealPath();
        } catch (java.io.IOException e) {
            real = null;
        }
        Path found = real;
        boolean inside = found != null && config.importDirs().stream().map(CodeSetLoader::realDir)
                .anyMatch(d -> d != null && found.startsWith(d));
        if (!inside && (real != null || config.importDirs().stream().map(d -> Path.of(d).toAbsolutePath().normalize())
                .noneMatch(file::startsWith))) {
            throw new ProblemException(Problem.of(403, "/problems/path-not-allowed", "Path not allowed",
                    "Code files are loaded only from the import directories (reception.coding.import-dirs)."));
        }
        if (real == null || !Files.isRegularFile(real)) {
            throw ProblemException.badRequest("/path", "No such file in the import directories.");
        }
        return real;
    }

    private static Path realDir(String dir) {
        try {
            return Path.of(dir).toRealPath();
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private void copy(String target, StringBuilder csv) {
        em.flush();
        em.unwrap(Session.class).doWork(connection -> {
            try {
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy " + target + " from stdin with (format csv)", new StringReader(csv.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    private static String csv(Object... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(values[i] == null ? "" : quote(values[i].toString()));
        }
        return sb.toString();
    }

    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static LocalDate toDate(Object o) {
        return o instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) o;
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
