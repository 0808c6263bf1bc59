package org.frontdesk.reception.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.shared.SqlValues;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The claims side of the practice's money, in bulk, for statements, A/R and the denial queue:
 * what insurers paid on each visit, what each open claim still waits for from its payer, and the
 * adjustments that denied money, by reason (CARC).
 */
@ApplicationScoped
public class ClaimLedger {

    @Inject EntityManager em;

    /** What the insurers did with a visit's claims: the charge, what they paid in all, their payers. */
    public record VisitClaims(UUID appointmentId, BigDecimal charge, BigDecimal insurersPaid, List<String> payers,
                              boolean answered) {
    }

    /** A claim still waiting on its payer: what is outstanding and since when (its date of service). */
    public record OpenClaim(UUID claimId, long controlNumber, UUID patientId, UUID payerId, String payerName,
                            LocalDate dateOfService, String status, BigDecimal outstanding) {
    }

    /** Money a payer denied on a claim, for one group code and reason (net of reversals). */
    public record Denial(String groupCode, String reasonCode, UUID claimId, long controlNumber, UUID patientId,
                         UUID payerId, String payerName, LocalDate dateOfService, String claimStatus, BigDecimal amount,
                         List<String> remarks) {
    }

    /** The claims of these visits (not void), as the patient's statement shows them. */
    @SuppressWarnings("unchecked")
    public List<VisitClaims> forVisits(Collection<UUID> appointmentIds) {
        List<Object[]> rows = em.createNativeQuery("""
                select c.appointment_id, max(c.total_charge), coalesce(sum(c.paid_amount), 0),
                       array_agg(distinct p.name), bool_or(exists (select 1 from claim_payment cp where cp.claim_id = c.id))
                from claim c join payer p on p.id = c.payer_id
                where c.appointment_id = any (?1) and c.status <> 'void' and c.frequency = '1'
                group by c.appointment_id""").setParameter(1, appointmentIds.toArray(new UUID[0])).getResultList();
        return rows.stream().map(r -> new VisitClaims((UUID) r[0], (BigDecimal) r[1], (BigDecimal) r[2],
                List.of((String[]) r[3]), (Boolean) r[4])).toList();
    }

    /**
     * Every billed claim with money still expected from its payer: the charge until the payer
     * answers; after its 835, the charge less what it paid, its adjustments and the patient's
     * share; a claim billed on to the next coverage is that claim's to collect (a secondary not
     * yet answered expects what the prior payer left to the patient).
     */
    @SuppressWarnings("unchecked")
    public List<OpenClaim> openWithPayers() {
        List<Object[]> rows = em.createNativeQuery("""
                select * from (
                  select c.id, c.control_number, c.patient_id, c.payer_id, p.name, c.date_of_service, c.status,
                    case
                      when exists (select 1 from claim s where s.prior_claim_id = c.id and s.status <> 'void') then 0
                      when not exists (select 1 from claim_payment cp where cp.claim_id = c.id) then
                        case when c.prior_claim_id is null then c.total_charge
                             else coalesce((select pr.patient_responsibility from claim pr where pr.id = c.prior_claim_id),
                                           c.total_charge) end
                      else greatest(0, c.total_charge - coalesce(c.paid_amount, 0) - coalesce(c.patient_responsibility, 0)
                             - (select coalesce(sum(a.amount), 0) from payment_adjustment a
                                join claim_payment cp on cp.id = a.claim_payment_id
                                where cp.claim_id = c.id and a.group_code <> 'PR'))
                    end as outstanding
                  from claim c join payer p on p.id = c.payer_id
                  where c.frequency = '1' and c.status not in ('draft', 'ready', 'void')) t
                where t.outstanding > 0
                order by t.date_of_service, t.control_number""").getResultList();
        return rows.stream().map(r -> new OpenClaim((UUID) r[0], ((Number) r[1]).longValue(), (UUID) r[2], (UUID) r[3],
                (String) r[4], SqlValues.day(r[5]), (String) r[6], (BigDecimal) r[7])).toList();
    }

    /**
     * The money payers refused on claims: net adjustments per claim, group code and reason, leaving
     * out the patient's share (PR) and what adjusts without refusing (the contractual write-off 45,
     * sequestration 253, a prior payer's share 23: the rule of {@code Remit835.Adjustment#denial});
     * with the remarks (RARC).
     */
    @SuppressWarnings("unchecked")
    public List<Denial> denials(int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                select a.group_code, a.reason_code, c.id, c.control_number, c.patient_id, c.payer_id, p.name,
                       c.date_of_service, c.status, sum(a.amount),
                       (select array_agg(distinct r) from claim_payment cp2
                          join service_payment s on s.claim_payment_id = cp2.id, unnest(s.remarks || cp2.remarks) r
                        where cp2.claim_id = c.id)
                from payment_adjustment a
                join claim_payment cp on cp.id = a.claim_payment_id
                join claim c on c.id = cp.claim_id
                join payer p on p.id = c.payer_id
                where c.status <> 'void' and a.group_code <> 'PR' and a.reason_code not in ('45', '253', '23')
                group by a.group_code, a.reason_code, c.id, c.control_number, c.patient_id, c.payer_id, p.name,
                         c.date_of_service, c.status
                having sum(a.amount) <> 0
                order by a.reason_code, c.date_of_service, c.control_number
                limit ?1""").setParameter(1, limit).getResultList();
        return rows.stream().map(r -> new Denial((String) r[0], (String) r[1], (UUID) r[2], ((Number) r[3]).longValue(),
                (UUID) r[4], (UUID) r[5], (String) r[6], SqlValues.day(r[7]), (String) r[8], (BigDecimal) r[9],
                r[10] == null ? List.of() : List.of((String[]) r[10]))).toList();
    }
}
