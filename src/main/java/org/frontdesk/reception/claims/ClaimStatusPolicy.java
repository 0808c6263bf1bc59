package org.frontdesk.reception.claims;

import java.util.Map;
import java.util.Set;

/** Which claim status may follow which: the one place the claim status machine lives. */
public final class ClaimStatusPolicy {

    private static final Set<String> ANSWERS = Set.of("submitted", "accepted", "rejected", "pended", "paid",
            "partially-paid", "denied");
    private static final Map<String, Set<String>> NEXT = Map.ofEntries(
            Map.entry("draft", Set.of("ready", "void")),
            Map.entry("ready", Set.of("draft", "queued", "void")),
            Map.entry("queued", union(ANSWERS, Set.of("needs-attention"))),
            Map.entry("submitted", Set.of("accepted", "rejected", "pended", "paid", "partially-paid", "denied")),
            Map.entry("accepted", Set.of("pended", "paid", "partially-paid", "denied")),
            Map.entry("pended", Set.of("accepted", "paid", "partially-paid", "denied", "rejected")),
            Map.entry("rejected", Set.of("draft", "void")),
            Map.entry("needs-attention", Set.of("draft", "queued", "void")),
            Map.entry("paid", Set.of()),
            Map.entry("partially-paid", Set.of("paid")),
            Map.entry("denied", Set.of()),
            Map.entry("void", Set.of()));

    /** Every claim status, sorted (what the metrics report on). */
    public static final java.util.List<String> ALL = NEXT.keySet().stream().sorted().toList();

    /** Statuses in which the billing desk may still change the claim's codes. */
    public static final Set<String> EDITABLE = Set.of("draft", "ready", "rejected", "needs-attention");

    private ClaimStatusPolicy() {
    }

    public static boolean allowed(String from, String to) {
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }
}
