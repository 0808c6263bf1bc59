package org.frontdesk.reception.coding;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every loaded version in memory, built from the database at start and whenever a version is
 * loaded (here, or by another instance: a cheap poll notices it). Lookups never touch the
 * database. A code unchanged between versions is one object shared by both.
 */
@ApplicationScoped
class CodeIndex {

    private static final Logger LOG = Logger.getLogger(CodeIndex.class);

    /** A loaded version of a code set: the dates of service it answers for, and its codes. */
    public record Version(UUID id, String system, String name, LocalDate from, LocalDate to, Instant loadedAt,
                          Map<String, CodeRow> codes) {
        boolean covers(LocalDate day) {
            return !day.isBefore(from) && !day.isAfter(to);
        }
    }

    /** One version of the edit tables. */
    public record Edits(UUID id, String system, String name, LocalDate from, LocalDate to, Instant loadedAt,
                        Map<String, List<CodeFormats.PtpRow>> ptpByCode, Map<String, CodeFormats.MueRow> mue,
                        Map<String, List<CodeFormats.AddOnRow>> addOns) {
        boolean covers(LocalDate day) {
            return !day.isBefore(from) && !day.isAfter(to);
        }
    }

    record Snapshot(Map<String, List<Version>> codes, Map<String, List<Edits>> edits, Instant loadedAt, long count) {
    }

    private final EntityManager em;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Instant.EPOCH, 0);

    public CodeIndex(EntityManager em) {
        this.em = em;
    }

    /** An index over data already in memory, without a database (benchmarks). */
    static CodeIndex of(Map<String, List<Version>> codes, Map<String, List<Edits>> edits) {
        CodeIndex index = new CodeIndex(null);
        index.snapshot = new Snapshot(codes, edits, Instant.now(), 0);
        return index;
    }

    void onStart(@Observes StartupEvent e) {
        refresh();
    }

    @Scheduled(every = "${reception.coding.refresh-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void pollForNewVersions() {
        // the number of versions as well as the newest stamp: a long load that commits after a
        // later-stamped one, or another instance's clock, can't hide a version
        Object[] latest = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select max(loaded_at), count(*) from code_set_version").getSingleResult());
        Instant at = latest[0] == null ? Instant.EPOCH
                : latest[0] instanceof Instant i ? i : ((java.time.OffsetDateTime) latest[0]).toInstant();
        if (at.isAfter(snapshot.loadedAt()) || ((Number) latest[1]).longValue() != snapshot.count()) {
            refresh();
        }
    }

    /** Rebuilds the index from the database. */
    public synchronized void refresh() {
        long started = System.nanoTime();
        Snapshot next = QuarkusTransaction.requiringNew().call(this::build);
        snapshot = next;
        LOG.infof("Code index built: %d code-set version(s), %d edit version(s) in %d ms",
                next.codes().values().stream().mapToInt(List::size).sum(),
                next.edits().values().stream().mapToInt(List::size).sum(), (System.nanoTime() - started) / 1_000_000);
    }

    @SuppressWarnings("unchecked")
    private Snapshot build() {
        List<Object[]> versions = em.createNativeQuery("""
                        select id, system, version, valid_from, valid_to, loaded_at from code_set_version
                        order by system, valid_from, loaded_at""").getResultList();
        Map<String, List<Version>> codes = new HashMap<>();
        Map<String, List<Edits>> edits = new HashMap<>();
        Instant loadedAt = Instant.EPOCH;
        for (Object[] v : versions) {
            UUID id = (UUID) v[0];
            String system = (String) v[1];
            LocalDate from = date(v[3]);
            LocalDate to = date(v[4]);
            Instant at = v[5] instanceof Instant i ? i : ((java.time.OffsetDateTime) v[5]).toInstant();
            loadedAt = at.isAfter(loadedAt) ? at : loadedAt;
            switch (system) {
                case "ncci-ptp", "mue", "add-on" -> edits.computeIfAbsent(system, k -> new ArrayList<>())
                        .add(snapshot.edits().getOrDefault(system, List.of()).stream().filter(k -> k.id().equals(id))
                                .findFirst().orElseGet(() -> edits(id, system, (String) v[2], from, to, at)));
                default -> {
                    List<Version> list = codes.computeIfAbsent(system, k -> new ArrayList<>());
                    // versions never change once loaded: keep the ones already in memory
                    Version known = snapshot.codes().getOrDefault(system, List.of()).stream()
                            .filter(k -> k.id().equals(id)).findFirst().orElse(null);
                    Map<String, CodeRow> previous = list.isEmpty() ? Map.of() : list.get(list.size() - 1).codes();
                    list.add(known != null ? known : new Version(id, system, (String) v[2], from, to, at,
                            codes(id, previous)));
                }
            }
        }
        return new Snapshot(codes, edits, loadedAt, versions.size());
    }

    @SuppressWarnings("unchecked")
    private Map<String, CodeRow> codes(UUID version, Map<String, CodeRow> previous) {
        List<Object[]> rows = em.createNativeQuery("""
                        select code, billable, short_title, long_title, effective_from, effective_to
                        from code_entry where version_id = ?1""").setParameter(1, version).getResultList();
        Map<String, CodeRow> map = new HashMap<>(rows.size() * 4 / 3 + 1);
        for (Object[] r : rows) {
            CodeRow row = new CodeRow((String) r[0], (Boolean) r[1], (String) r[2], (String) r[3], date(r[4]), date(r[5]));
            CodeRow same = previous.get(row.code());
            map.put(row.code(), row.equals(same) ? same : row);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private Edits edits(UUID id, String system, String name, LocalDate from, LocalDate to, Instant loadedAt) {
        Map<String, List<CodeFormats.PtpRow>> ptp = new HashMap<>();
        Map<String, CodeFormats.MueRow> mue = new HashMap<>();
        Map<String, List<CodeFormats.AddOnRow>> addOns = new HashMap<>();
        switch (system) {
            case "ncci-ptp" -> {
                for (Object[] r : (List<Object[]>) em.createNativeQuery("""
                        select column1, column2, effective_date, deletion_date, modifier_indicator
                        from ncci_ptp_edit where version_id = ?1""").setParameter(1, id).getResultList()) {
                    var row = new CodeFormats.PtpRow((String) r[0], (String) r[1], date(r[2]), date(r[3]), chr(r[4]));
                    ptp.computeIfAbsent(row.column1(), k -> new ArrayList<>()).add(row);
                }
            }
            case "mue" -> {
                for (Object[] r : (List<Object[]>) em.createNativeQuery(
                        "select code, units, adjudication_indicator from mue_edit where version_id = ?1")
                        .setParameter(1, id).getResultList()) {
                    mue.put((String) r[0], new CodeFormats.MueRow((String) r[0], ((Number) r[1]).intValue(), chr(r[2])));
                }
            }
            default -> {
                for (Object[] r : (List<Object[]>) em.createNativeQuery("""
                        select add_on_code, primary_code, edit_type, effective_date, deletion_date
                        from add_on_edit where version_id = ?1""").setParameter(1, id).getResultList()) {
                    var row = new CodeFormats.AddOnRow((String) r[0], (String) r[1], chr(r[2]), date(r[3]), date(r[4]));
                    addOns.computeIfAbsent(row.addOn(), k -> new ArrayList<>()).add(row);
                }
            }
        }
        return new Edits(id, system, name, from, to, loadedAt, ptp, mue, addOns);
    }

    /**
     * The version of a code system that answers for a date of service: the latest-starting one
     * covering it, and of two starting the same day the one loaded last (a corrected reload).
     */
    public Optional<Version> version(String system, LocalDate day) {
        return snapshot.codes().getOrDefault(system, List.of()).stream().filter(v -> v.covers(day))
                .max(Comparator.comparing(Version::from).thenComparing(Version::loadedAt));
    }

    /** The newest version of a code system, whatever its window (for the code picker outside any window). */
    public Optional<Version> newest(String system) {
        return snapshot.codes().getOrDefault(system, List.of()).stream()
                .max(Comparator.comparing(Version::from).thenComparing(Version::loadedAt));
    }

    /** Every version of a system, oldest first. */
    public List<Version> versions(String system) {
        return snapshot.codes().getOrDefault(system, List.of());
    }

    /** The edit table version (ncci-ptp, mue, add-on) covering a date of service. */
    public Optional<Edits> edits(String system, LocalDate day) {
        return snapshot.edits().getOrDefault(system, List.of()).stream().filter(v -> v.covers(day))
                .max(Comparator.comparing(Edits::from).thenComparing(Edits::loadedAt));
    }

    private static LocalDate date(Object o) {
        return o == null ? null : o instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) o;
    }

    private static char chr(Object o) {
        return o instanceof Character c ? c : o.toString().charAt(0);
    }
}
