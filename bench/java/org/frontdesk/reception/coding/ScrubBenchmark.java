package org.frontdesk.reception.coding;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scrub latency of a 12-line claim with 12 diagnoses against the real FY2022 ICD-10-CM set and
 * NCCI/MUE/add-on tables of realistic size (50,000 PTP pairs), as the app holds them in memory.
 * Run by {@code bench/coding.sh} (compiled only under the {@code bench} Maven profile); not a test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScrubBenchmark {

    private ClaimScrubber scrubber;
    private ClaimScrubber.Draft claim;

    @Setup
    public void setUp() {
        Path icdFile = Path.of(System.getProperty("icd", "data/icd10cm/icd10cm_order_2022_reconstructed.txt.gz"));
        CodeIndex index = index(icdFile);
        scrubber = new ClaimScrubber(index, new CodeValidator(index));
        List<String> dx = new ArrayList<>();
        index.version(CodeSystems.ICD10CM, DAY).orElseThrow().codes().values().stream().filter(CodeRow::billable)
                .filter(r -> r.code().startsWith("E") || r.code().startsWith("I") || r.code().startsWith("J"))
                .limit(12).forEach(r -> dx.add(r.code()));
        List<ClaimScrubber.Line> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add(new ClaimScrubber.Line(String.valueOf(10_000 + i), List.of(i % 3 == 0 ? "59" : "25"), 1 + i % 2,
                    List.of(1 + i % 12, 1 + (i + 1) % 12, 1 + (i + 2) % 12, 1 + (i + 3) % 12), null));
        }
        claim = new ClaimScrubber.Draft(DAY, new CodeValidator.Patient(LocalDate.of(1970, 1, 1), null, "female"), dx, lines);
    }

    static final LocalDate DAY = LocalDate.of(2022, 6, 15);

    /** The index the app would build: FY2022 ICD-10-CM, 1,000 CPT codes, 50,000 PTP pairs, MUEs, add-ons. */
    static CodeIndex index(Path icdFile) {
        Map<String, CodeRow> icd = new HashMap<>();
        for (CodeRow r : CodeFormats.icd10cmOrder(icdFile).rows()) {
            icd.put(r.code(), r);
        }
        Map<String, CodeRow> cpt = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            String code = String.valueOf(10_000 + i);
            cpt.put(code, new CodeRow(code, true, null, "Invented procedure " + code, null, null));
        }
        LocalDate from = LocalDate.of(2021, 10, 1);
        LocalDate to = LocalDate.of(2022, 9, 30);
        Map<String, List<CodeIndex.Version>> codes = Map.of(
                CodeSystems.ICD10CM, List.of(new CodeIndex.Version(UUID.randomUUID(), CodeSystems.ICD10CM, "FY2022", from, to, java.time.Instant.EPOCH, icd)),
                CodeSystems.CPT, List.of(new CodeIndex.Version(UUID.randomUUID(), CodeSystems.CPT, "CPT", from, to, java.time.Instant.EPOCH, cpt)));
        Map<String, List<CodeFormats.PtpRow>> ptp = new HashMap<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 50_000; i++) {
            String c1 = String.valueOf(10_000 + random.nextInt(1_000));
            String c2 = String.valueOf(10_000 + random.nextInt(1_000));
            ptp.computeIfAbsent(c1, k -> new ArrayList<>()).add(new CodeFormats.PtpRow(c1, c2, from, null,
                    "019".charAt(random.nextInt(3))));
        }
        Map<String, CodeFormats.MueRow> mue = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            String c = String.valueOf(10_000 + i);
            mue.put(c, new CodeFormats.MueRow(c, 1 + random.nextInt(4), "123".charAt(random.nextInt(3))));
        }
        Map<String, List<CodeFormats.AddOnRow>> addOns = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            String c = String.valueOf(10_900 + i);
            addOns.computeIfAbsent(c, k -> new ArrayList<>()).add(new CodeFormats.AddOnRow(c, String.valueOf(10_000 + i),
                    '1', from, null));
        }
        Map<String, List<CodeIndex.Edits>> edits = Map.of(
                "ncci-ptp", List.of(new CodeIndex.Edits(UUID.randomUUID(), "ncci-ptp", "PTP", from, to, java.time.Instant.EPOCH, ptp, Map.of(), Map.of())),
                "mue", List.of(new CodeIndex.Edits(UUID.randomUUID(), "mue", "MUE", from, to, java.time.Instant.EPOCH, Map.of(), mue, Map.of())),
                "add-on", List.of(new CodeIndex.Edits(UUID.randomUUID(), "add-on", "AOC", from, to, java.time.Instant.EPOCH, Map.of(), Map.of(), addOns)));
        return CodeIndex.of(codes, edits);
    }

    @Benchmark
    public ClaimScrubber.Outcome scrubTwelveLineClaim() {
        return scrubber.scrub(claim);
    }
}
