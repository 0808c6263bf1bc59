package org.frontdesk.reception.claims;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What an 835 (005010X221A1) says, one payment (transaction set) at a time: the payment (BPR,
 * TRN, payer), each claim payment (CLP) with its service payments (SVC) and adjustments (CAS),
 * and the provider-level adjustments (PLB). The balancing rules of the guide live here.
 */
final class Remit835 {

    private Remit835() {
    }

    static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    /** An adjustment: group (CO, PR, OA, PI; CR read but not expected in 5010), CARC reason, amount, quantity. */
    record Adjustment(String group, String reason, BigDecimal amount, BigDecimal quantity) {

        /**
         * Money the payer refused: any adjustment but the patient's share (PR) and those that are
         * not refusals: the contractual write-off (45), sequestration (253), a prior payer's share (23).
         * The same rule as the denial queue's ({@link ClaimLedger#denials}).
         */
        boolean denial() {
            return !"PR".equals(group) && !NOT_DENIALS.contains(reason) && amount.signum() > 0;
        }
    }

    /** Reasons (CARC) that adjust money without refusing it. */
    static final java.util.Set<String> NOT_DENIALS = java.util.Set.of("45", "253", "23");

    record Service(String code, List<String> modifiers, BigDecimal charge, BigDecimal paid, BigDecimal units,
                   LocalDate date, String control, List<Adjustment> adjustments, List<String> remarks) {

        /** SVC02 − Σ CAS = SVC03, or why not. */
        String unbalanced() {
            BigDecimal adjusted = charge.subtract(sum(adjustments));
            return adjusted.compareTo(paid) == 0 ? null : "service " + code + ": charge " + charge + " less adjustments "
                    + sum(adjustments) + " is " + adjusted + ", not the " + paid + " paid";
        }
    }

    /**
     * A claim payment: CLP01 our control number, CLP02 status (1–3 processed, 4 denied, 19–21
     * forwarded, 22 reversal), charge, paid, patient responsibility, the payer's claim number.
     */
    record ClaimPayment(int position, String control, String status, BigDecimal charge, BigDecimal paid,
                        BigDecimal patientResponsibility, String payerClaimNumber, List<Adjustment> adjustments,
                        List<Service> services, List<String> remarks) {

        boolean reversal() {
            return "22".equals(status);
        }

        /** CLP03 − Σ claim CAS − Σ line CAS = CLP04, each line balanced: the reasons it isn't. */
        List<String> unbalanced() {
            List<String> why = new ArrayList<>();
            BigDecimal adjustmentsAll = sum(adjustments);
            for (Service s : services) {
                String u = s.unbalanced();
                if (u != null) {
                    why.add("claim " + control + ", " + u);
                }
                adjustmentsAll = adjustmentsAll.add(sum(s.adjustments()));
            }
            BigDecimal expected = charge.subtract(adjustmentsAll);
            if (expected.compareTo(paid) != 0) {
                why.add("claim " + control + ": charge " + charge + " less adjustments " + adjustmentsAll + " is "
                        + expected + ", not the " + paid + " paid");
            }
            return why;
        }

        /** What the patient owes on it: CLP05 (Σ of PR adjustments when the payer left it out). */
        BigDecimal patientShare() {
            if (patientResponsibility != null) {
                return patientResponsibility;
            }
            BigDecimal pr = ZERO;
            for (Adjustment a : adjustments) {
                pr = "PR".equals(a.group()) ? pr.add(a.amount()) : pr;
            }
            for (Service s : services) {
                for (Adjustment a : s.adjustments()) {
                    pr = "PR".equals(a.group()) ? pr.add(a.amount()) : pr;
                }
            }
            return pr;
        }
    }

    /** A PLB adjustment: provider, fiscal period date, reason (with its reference), amount (positive reduces the payment). */
    record ProviderAdjustment(String provider, LocalDate fiscalDate, String reason, String reference, BigDecimal amount) {
    }

    /** The payment of one transaction set: BPR, TRN and payer; totals are added up as claims are read. */
    static final class Payment {
        String transactionNumber;
        String handling;
        BigDecimal amount;
        String creditDebit;
        String method;
        LocalDate date;
        String trace;
        String payerName;
        String payerIdentifier;
        int claims;
        BigDecimal claimsPaid = ZERO;
        BigDecimal providerAdjustments = ZERO;
        final List<ProviderAdjustment> plb = new ArrayList<>();
        /** The first 20 reasons a claim or line doesn't balance, and how many there were. */
        final List<String> unbalanced = new ArrayList<>();
        int unbalancedCount;

        /** BPR02 = Σ CLP04 − Σ PLB amounts, with BPR03 D a debit (the amount taken back). */
        String unbalanced() {
            BigDecimal expected = claimsPaid.subtract(providerAdjustments);
            BigDecimal stated = "D".equals(creditDebit) ? amount.negate() : amount;
            return expected.compareTo(stated) == 0 ? null : "the payment (BPR02) is " + stated
                    + " but its claims paid " + claimsPaid + " less provider adjustments " + providerAdjustments
                    + " make " + expected;
        }
    }

    static BigDecimal sum(List<Adjustment> adjustments) {
        BigDecimal s = ZERO;
        for (Adjustment a : adjustments) {
            s = s.add(a.amount());
        }
        return s;
    }
}
