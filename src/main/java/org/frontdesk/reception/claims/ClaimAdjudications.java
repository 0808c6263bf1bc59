package org.frontdesk.reception.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.coverage.Coverage;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.shared.SqlValues;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a payer decided on a claim, from its posted 835 claim payments (reversals netted out):
 * what it paid, the patient's share, the claim- and line-level adjustments with their group
 * codes, per service line. A secondary claim carries it (837 2320/2430, FHIR ClaimResponse).
 */
@ApplicationScoped
class ClaimAdjudications {

    @Inject EntityManager em;
    @Inject ClaimService claims;
    @Inject CoverageService coverages;
    @Inject PayerService payers;

    /** The adjudication of a prior claim, as the next payer's claim states it. */
    record Prior(UUID claimId, String payerName, String payerId, String payerClaimNumber, LocalDate adjudicated,
                 BigDecimal paid, BigDecimal patientResponsibility, List<Claim837.Adjustment> claimAdjustments,
                 Map<Integer, LinePaid> lines, Coverage coverage, String filingCode) {

        Claim837.OtherPayer otherPayer() {
            boolean self = coverage.relationship == null || "self".equals(coverage.relationship);
            return new Claim837.OtherPayer(coverage.priority == 1 ? "P" : coverage.priority == 2 ? "S" : "T", filingCode,
                    coverage.groupNumber, self ? null : coverage.subscriberFamily, self ? null : coverage.subscriberGiven,
                    self || coverage.subscriberMemberId == null ? coverage.memberId : coverage.subscriberMemberId,
                    payerName, payerId, paid, patientResponsibility, claimAdjustments, payerClaimNumber, adjudicated);
        }

        List<Claim837.LineAdjudication> line(int position) {
            LinePaid l = lines.get(position);
            return l == null ? List.of() : List.of(new Claim837.LineAdjudication(payerId, l.paid(), l.code(),
                    l.modifiers(), l.units(), l.adjustments(), adjudicated));
        }
    }

    /** One service line's net adjudication. */
    record LinePaid(String code, List<String> modifiers, int units, BigDecimal paid, List<Claim837.Adjustment> adjustments) {
    }

    /** The prior claim's adjudication; a claim no 835 answered yet has none to carry (409). */
    Prior of(UUID priorClaimId) {
        Claim prior = claims.get(priorClaimId);
        Payer payer = payers.get(prior.payerId);
        Coverage coverage = coverages.get(prior.coverageId);
        @SuppressWarnings("unchecked")
        List<Object[]> payments = em.createNativeQuery("""
                select p.id, p.paid, p.patient_responsibility, p.status_code, r.payment_date, r.received_at
                from claim_payment p join remittance r on r.id = p.remittance_id
                where p.claim_id = ?1 order by r.received_at, p.position""").setParameter(1, priorClaimId).getResultList();
        if (payments.isEmpty()) {
            throw new org.frontdesk.reception.shared.ProblemException(org.frontdesk.reception.shared.Problem.of(409,
                    "/problems/not-adjudicated", "Not adjudicated yet",
                    "The claim before this one has no posted remittance; its adjudication can't be carried yet."));
        }
        BigDecimal paid = BigDecimal.ZERO.setScale(2);
        BigDecimal owed = BigDecimal.ZERO.setScale(2);
        LocalDate date = null;
        List<UUID> ids = new ArrayList<>();
        for (Object[] p : payments) {
            ids.add((UUID) p[0]);
            paid = paid.add((BigDecimal) p[1]);
            owed = owed.add((BigDecimal) p[2]);
            date = p[4] != null ? SqlValues.day(p[4])
                    : SqlValues.instant(p[5]).atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
        Map<String, BigDecimal> claimLevel = new java.util.LinkedHashMap<>();
        Map<Integer, Map<String, BigDecimal>> lineLevel = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> adjustments = em.createNativeQuery("""
                select a.line, a.group_code, a.reason_code, a.amount, s.line_control
                from payment_adjustment a
                left join service_payment s on s.claim_payment_id = a.claim_payment_id and s.position = a.line
                where a.claim_payment_id = any (?1) order by a.line, a.position""")
                .setParameter(1, ids.toArray(new UUID[0])).getResultList();
        for (Object[] a : adjustments) {
            int line = ((Number) a[0]).intValue();
            String key = a[1] + "-" + a[2];
            if (line == 0) {
                claimLevel.merge(key, (BigDecimal) a[3], BigDecimal::add);
            } else {
                int position = lineOf((String) a[4], line);
                lineLevel.computeIfAbsent(position, k -> new java.util.LinkedHashMap<>()).merge(key, (BigDecimal) a[3],
                        BigDecimal::add);
            }
        }
        Map<Integer, LinePaid> lines = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> services = em.createNativeQuery("""
                select s.position, s.code, s.modifiers, coalesce(s.units, 1), s.paid, s.line_control
                from service_payment s where s.claim_payment_id = any (?1)""")
                .setParameter(1, ids.toArray(new UUID[0])).getResultList();
        Map<Integer, BigDecimal> linePaid = new HashMap<>();
        Map<Integer, Object[]> lineRow = new HashMap<>();
        for (Object[] s : services) {
            int position = lineOf((String) s[5], ((Number) s[0]).intValue());
            linePaid.merge(position, (BigDecimal) s[4], BigDecimal::add);
            lineRow.putIfAbsent(position, s);
        }
        lineRow.forEach((position, s) -> {
            String[] mods = s[2] instanceof String[] m ? m : new String[0];
            lines.put(position, new LinePaid((String) s[1], List.of(mods), ((Number) s[3]).intValue(),
                    linePaid.get(position), nonZero(lineLevel.getOrDefault(position, Map.of()))));
        });
        return new Prior(priorClaimId, payer.name, payer.payerCode, prior.payerClaimNumber, date, paid, owed,
                nonZero(claimLevel), lines, coverage, Claim837s.filingCode(payer));
    }

    /** The claim line an 835 service line answers: its echoed line control number (REF*6R), else its place. */
    private static int lineOf(String control, int position) {
        if (control != null && control.chars().allMatch(Character::isDigit) && control.length() <= 2) {
            return Integer.parseInt(control);
        }
        return position;
    }

    /** Net adjustments per group and reason, reversals netted out (those that net to zero left out). */
    private static List<Claim837.Adjustment> nonZero(Map<String, BigDecimal> byKey) {
        List<Claim837.Adjustment> out = new ArrayList<>();
        byKey.forEach((k, v) -> {
            if (v.signum() != 0) {
                String[] gr = k.split("-", 2);
                out.add(new Claim837.Adjustment(gr[0], gr[1], v));
            }
        });
        return out;
    }
}
