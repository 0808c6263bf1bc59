package org.frontdesk.reception.coding;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap held by one fiscal year of ICD-10-CM in the in-memory index, and by a second year that
 * shares its unchanged codes, measured as used heap after full GCs. Run by {@code bench/coding.sh}.
 */
public final class IndexFootprint {

    private IndexFootprint() {
    }

    public static void main(String[] args) throws Exception {
        Path order = Path.of(args[0]);
        Path addenda = Path.of(args[1]);
        long before = used();
        Map<String, CodeRow> fy2022 = new HashMap<>();
        for (CodeRow r : CodeFormats.icd10cmOrder(order).rows()) {
            fy2022.put(r.code(), r);
        }
        long oneYear = used() - before;
        CodeFormats.Addenda a = CodeFormats.icd10cmAddenda(addenda);
        Map<String, CodeRow> fy2023 = new HashMap<>(fy2022); // unchanged codes are the same objects
        a.deleted().forEach(fy2023::remove);
        a.added().forEach(r -> fy2023.put(r.code(), r));
        a.revised().forEach(r -> fy2023.put(r.code(), r));
        long twoYears = used() - before;
        System.out.printf("index-heap-one-year-mb %.1f%n", oneYear / 1048576.0);
        System.out.printf("index-heap-two-years-mb %.1f%n", twoYears / 1048576.0);
        System.out.printf("codes %d %d%n", fy2022.size(), fy2023.size());
    }

    private static long used() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
