package org.frontdesk.reception.claims;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.frontdesk.reception.claims.ClaimStatus.ACCEPTED;
import static org.frontdesk.reception.claims.ClaimStatus.DENIED;
import static org.frontdesk.reception.claims.ClaimStatus.DRAFT;
import static org.frontdesk.reception.claims.ClaimStatus.NEEDS_ATTENTION;
import static org.frontdesk.reception.claims.ClaimStatus.PAID;
import static org.frontdesk.reception.claims.ClaimStatus.PARTIALLY_PAID;
import static org.frontdesk.reception.claims.ClaimStatus.PENDED;
import static org.frontdesk.reception.claims.ClaimStatus.QUEUED;
import static org.frontdesk.reception.claims.ClaimStatus.READY;
import static org.frontdesk.reception.claims.ClaimStatus.REJECTED;
import static org.frontdesk.reception.claims.ClaimStatus.SUBMITTED;
import static org.frontdesk.reception.claims.ClaimStatus.VOID;

/**
 * The claim status machine: which status may follow which, and which status an insurer's answer
 * leads to. The one place both live.
 */
final class ClaimStatusPolicy {

    private static final Set<ClaimStatus> ANSWERS = EnumSet.of(SUBMITTED, ACCEPTED, REJECTED, PENDED, PAID,
            PARTIALLY_PAID, DENIED);
    private static final Map<ClaimStatus, Set<ClaimStatus>> NEXT = new EnumMap<>(ClaimStatus.class);

    static {
        NEXT.put(DRAFT, EnumSet.of(READY, VOID));
        NEXT.put(READY, EnumSet.of(DRAFT, QUEUED, SUBMITTED, VOID)); // submitted: sent in an exported 837P batch
        Set<ClaimStatus> afterQueued = EnumSet.copyOf(ANSWERS);
        afterQueued.add(NEEDS_ATTENTION);
        NEXT.put(QUEUED, afterQueued);
        NEXT.put(SUBMITTED, EnumSet.of(ACCEPTED, REJECTED, PENDED, PAID, PARTIALLY_PAID, DENIED));
        NEXT.put(ACCEPTED, EnumSet.of(PENDED, PAID, PARTIALLY_PAID, DENIED));
        NEXT.put(PENDED, EnumSet.of(ACCEPTED, PAID, PARTIALLY_PAID, DENIED, REJECTED));
        NEXT.put(REJECTED, EnumSet.of(DRAFT, VOID));
        NEXT.put(NEEDS_ATTENTION, EnumSet.of(DRAFT, QUEUED, VOID));
        NEXT.put(PAID, EnumSet.noneOf(ClaimStatus.class));
        NEXT.put(PARTIALLY_PAID, EnumSet.of(PAID));
        NEXT.put(DENIED, EnumSet.noneOf(ClaimStatus.class));
        NEXT.put(VOID, EnumSet.noneOf(ClaimStatus.class));
    }

    /** Every claim status (what the metrics report on). */
    public static final List<ClaimStatus> ALL = List.of(ClaimStatus.values());

    /** Statuses in which the billing desk may still change the claim's codes. */
    public static final Set<ClaimStatus> EDITABLE = EnumSet.of(DRAFT, READY, REJECTED, NEEDS_ATTENTION);

    /** Statuses from which the billing desk may submit. */
    public static final Set<ClaimStatus> SUBMITTABLE = EnumSet.of(DRAFT, READY, NEEDS_ATTENTION);

    private ClaimStatusPolicy() {
    }

    public static boolean allowed(ClaimStatus from, ClaimStatus to) {
        return NEXT.get(from).contains(to);
    }

    /**
     * The status an 835 claim payment leads to: a reversal (22) leaves the claim accepted, waiting
     * for its correction; denied (4) or nothing paid and nothing owed is denied; a processed claim
     * with money refused ({@link Remit835.Adjustment#denial}: not the contractual write-off, not the
     * patient's share) is partially paid; otherwise paid (the patient's share, if any, is theirs).
     */
    static ClaimStatus afterRemittance(Remit835.ClaimPayment c) {
        return switch (c.status()) {
            case "22", "23", "25" -> ACCEPTED;
            case "4" -> DENIED;
            default -> {
                if (c.paid().signum() == 0 && c.patientShare().signum() == 0) {
                    yield DENIED;
                }
                boolean partlyDenied = c.adjustments().stream().anyMatch(Remit835.Adjustment::denial)
                        || c.services().stream().anyMatch(s -> s.adjustments().stream().anyMatch(Remit835.Adjustment::denial));
                yield partlyDenied ? PARTIALLY_PAID : PAID;
            }
        };
    }

    /**
     * The status an insurer's ClaimResponse outcome leads to: {@code error} is a rejection;
     * {@code queued} means submitted, awaiting adjudication; {@code partial} pended;
     * {@code complete} accepted, or denied / paid / partially paid when it carries the payment
     * (nothing, part, or all of the charge); anything else is taken as submitted.
     */
    public static ClaimStatus afterAnswer(String outcome, BigDecimal paid, BigDecimal totalCharge) {
        return switch (outcome) {
            case "error" -> REJECTED;
            case "queued" -> SUBMITTED;
            case "partial" -> PENDED;
            case "complete" -> paid == null ? ACCEPTED
                    : paid.signum() == 0 ? DENIED
                    : paid.compareTo(totalCharge) >= 0 ? PAID : PARTIALLY_PAID;
            default -> SUBMITTED;
        };
    }
}
