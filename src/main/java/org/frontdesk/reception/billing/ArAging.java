package org.frontdesk.reception.billing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.billing.BillingJson.Aging;
import org.frontdesk.reception.billing.BillingJson.AgingRow;
import org.frontdesk.reception.billing.BillingJson.Buckets;
import org.frontdesk.reception.billing.BillingJson.DeniedClaim;
import org.frontdesk.reception.billing.BillingJson.DenialGroup;
import org.frontdesk.reception.claims.ClaimLedger;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.payments.PatientAccounts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accounts receivable by age: what payers still owe on billed claims (by payer) and what patients
 * owe on their visits (by patient), in 0–30, 31–60, 61–90 and over-90-day buckets from the date
 * of service; and the denial work queue, grouped by reason (CARC).
 */
@ApplicationScoped
class ArAging {

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    @Inject ClaimLedger ledger;
    @Inject PatientAccounts accounts;
    @Inject PatientService patients;

    Aging byPayer(LocalDate asOf) {
        Map<UUID, Acc> rows = new LinkedHashMap<>();
        for (ClaimLedger.OpenClaim c : ledger.openWithPayers()) {
            rows.computeIfAbsent(c.payerId(), k -> new Acc(k, c.payerName())).add(age(c.dateOfService(), asOf),
                    c.outstanding());
        }
        return aging("payer", asOf, rows);
    }

    Aging byPatient(LocalDate asOf) {
        Map<UUID, Acc> rows = new LinkedHashMap<>();
        List<PatientAccounts.VisitBalance> open = accounts.openVisits(null).stream()
                .filter(v -> v.balance().signum() > 0).toList();
        Map<UUID, Patient> people = patients.byIds(open.stream().map(PatientAccounts.VisitBalance::patientId)
                .distinct().toList());
        for (PatientAccounts.VisitBalance v : open) {
            rows.computeIfAbsent(v.patientId(), k -> new Acc(k, people.get(k) == null ? null : people.get(k).displayName())).add(age(v.visitDay(), asOf),
                    v.balance());
        }
        return aging("patient", asOf, rows);
    }

    /** Denied money on denied and partly paid claims, by reason, the largest amount first. */
    List<DenialGroup> denials(int limit) {
        Map<String, List<ClaimLedger.Denial>> byReason = new LinkedHashMap<>();
        ledger.denials(limit).forEach(d -> byReason.computeIfAbsent(d.reasonCode(), k -> new ArrayList<>()).add(d));
        List<DenialGroup> groups = new ArrayList<>();
        byReason.forEach((reason, list) -> {
            BigDecimal amount = list.stream().map(ClaimLedger.Denial::amount).reduce(ZERO, BigDecimal::add);
            List<DeniedClaim> items = list.stream().map(d -> new DeniedClaim(d.claimId(), d.controlNumber(), d.patientId(),
                    d.payerId(), d.payerName(), d.dateOfService(), d.claimStatus(), d.groupCode(), d.amount(), d.remarks()))
                    .sorted(Comparator.comparing(DeniedClaim::dateOfService)).toList();
            groups.add(new DenialGroup(reason, Carc.describe(reason), (int) items.stream().map(DeniedClaim::claimId)
                    .distinct().count(), amount, items));
        });
        groups.sort(Comparator.comparing(DenialGroup::amount).reversed());
        return groups;
    }

    static String csv(Aging a) {
        List<List<Object>> rows = new ArrayList<>();
        for (AgingRow r : a.rows()) {
            rows.add(List.of(r.id().toString(), r.name() == null ? "" : r.name(), r.items(), r.buckets().days0to30(),
                    r.buckets().days31to60(), r.buckets().days61to90(), r.buckets().over90(), r.buckets().total()));
        }
        rows.add(List.of("", "TOTAL", a.rows().stream().mapToInt(AgingRow::items).sum(), a.total().days0to30(),
                a.total().days31to60(), a.total().days61to90(), a.total().over90(), a.total().total()));
        return Csv.of(List.of(a.by() + "_id", a.by(), "items", "0-30", "31-60", "61-90", "90+", "total"), rows);
    }

    static String csv(List<DenialGroup> groups) {
        List<List<Object>> rows = new ArrayList<>();
        for (DenialGroup g : groups) {
            for (DeniedClaim d : g.items()) {
                rows.add(List.of(g.reasonCode(), g.description(), d.groupCode(), d.controlNumber(), d.claimId().toString(),
                        d.payerName(), d.dateOfService().toString(), d.claimStatus(), d.amount(),
                        String.join(" ", d.remarks())));
            }
        }
        return Csv.of(List.of("carc", "description", "group", "claim_number", "claim_id", "payer", "date_of_service",
                "claim_status", "amount", "remarks"), rows);
    }

    private static Aging aging(String by, LocalDate asOf, Map<UUID, Acc> rows) {
        Acc total = new Acc(null, "total");
        List<AgingRow> out = new ArrayList<>();
        for (Acc a : rows.values()) {
            out.add(a.row());
            for (int i = 0; i < 4; i++) {
                total.sums[i] = total.sums[i].add(a.sums[i]);
            }
        }
        out.sort(Comparator.comparing((AgingRow r) -> r.buckets().total()).reversed());
        return new Aging(by, asOf, out, total.row().buckets());
    }

    /** The bucket of an amount dated {@code day}: 0 (0–30 days), 1 (31–60), 2 (61–90), 3 (over 90). */
    static int age(LocalDate day, LocalDate asOf) {
        long days = Math.max(0, ChronoUnit.DAYS.between(day, asOf));
        return days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3;
    }

    private static final class Acc {
        final UUID id;
        final String name;
        final BigDecimal[] sums = {ZERO, ZERO, ZERO, ZERO};
        int items;

        Acc(UUID id, String name) {
            this.id = id;
            this.name = name;
        }

        void add(int bucket, BigDecimal amount) {
            sums[bucket] = sums[bucket].add(amount);
            items++;
        }

        AgingRow row() {
            return new AgingRow(id, name, items, new Buckets(sums[0], sums[1], sums[2], sums[3],
                    sums[0].add(sums[1]).add(sums[2]).add(sums[3])));
        }
    }
}
