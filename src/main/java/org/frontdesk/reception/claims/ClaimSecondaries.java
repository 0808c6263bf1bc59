package org.frontdesk.reception.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coverage.Coverage;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Secondary (and tertiary) claims: once a payer's 835 is posted for a claim, what it left unpaid
 * goes to the patient's next coverage in force that day, in a claim that carries the first
 * payer's adjudication (837P loops 2320/2430; FHIR Claim.insurance with the ClaimResponse).
 * The billing desk sees the claims waiting on one; a payer that forwarded the claim itself
 * (crossover, CLP02 19–21) is shown as such.
 */
@ApplicationScoped
class ClaimSecondaries {

    @Inject EntityManager em;
    @Inject ClaimService claims;
    @Inject CoverageService coverages;
    @Inject PayerService payers;

    /** The claims waiting on a claim to the next coverage, oldest visit first. */
    @SuppressWarnings("unchecked")
    public List<ClaimJson.SecondaryWaiting> waiting(int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                select c.id, c.control_number, c.patient_id, c.date_of_service, c.payer_id, c.total_charge,
                       coalesce(c.paid_amount, 0), coalesce(c.patient_responsibility, 0), nx.id, nx.payer_id, py.name,
                       exists (select 1 from claim_payment p where p.claim_id = c.id and p.status_code in ('19', '20', '21'))
                from claim c
                join coverage cv on cv.id = c.coverage_id
                join lateral (select n.id, n.payer_id from coverage n
                              where n.patient_id = c.patient_id and n.status = 'active' and n.priority > cv.priority
                                and (n.period_start is null or n.period_start <= c.date_of_service)
                                and (n.period_end is null or n.period_end >= c.date_of_service)
                              order by n.priority limit 1) nx on true
                join payer py on py.id = nx.payer_id
                where c.status in ('paid', 'partially-paid', 'denied') and c.frequency = '1'
                  and c.total_charge > coalesce(c.paid_amount, 0)
                  and exists (select 1 from claim_payment p where p.claim_id = c.id)
                  and not exists (select 1 from claim s where s.prior_claim_id = c.id and s.status <> 'void')
                order by c.date_of_service, c.control_number limit ?1""").setParameter(1, limit).getResultList();
        return rows.stream().map(r -> new ClaimJson.SecondaryWaiting((UUID) r[0], ((Number) r[1]).longValue(), (UUID) r[2],
                org.frontdesk.reception.shared.SqlValues.day(r[3]), (UUID) r[4], (BigDecimal) r[5], (BigDecimal) r[6], (BigDecimal) r[7],
                (UUID) r[8], (UUID) r[9], (String) r[10], (Boolean) r[11])).toList();
    }

    /**
     * The claim to the next coverage after {@code claimId}: a draft with the same visit, codes and
     * lines, to scrub and submit like any other; 409 when the claim has no posted answer yet, has
     * one already, or there is no next coverage.
     */
    @Transactional
    public Claim create(UUID claimId) {
        Claim prior = claims.locked(claimId);
        if (!List.of(ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED).contains(prior.status)
                || em.createNativeQuery("select 1 from claim_payment where claim_id = ?1").setParameter(1, claimId)
                .setMaxResults(1).getResultList().isEmpty()) {
            throw conflict("/problems/not-adjudicated", "Not adjudicated yet",
                    "The payer's remittance for this claim has not been posted; the next claim carries its adjudication.");
        }
        if (Claim.count("priorClaimId = ?1 and status <> ?2", claimId, ClaimStatus.VOID) > 0) {
            throw conflict("/problems/secondary-exists", "Claim to the next payer exists",
                    "This claim already has a claim to the next coverage.");
        }
        Coverage current = coverages.get(prior.coverageId);
        Optional<Coverage> next = coverages.forPatient(prior.patientId).stream()
                .filter(c -> "active".equals(c.status) && c.priority > current.priority)
                .filter(c -> (c.periodStart == null || !c.periodStart.isAfter(prior.dateOfService))
                        && (c.periodEnd == null || !c.periodEnd.isBefore(prior.dateOfService)))
                .findFirst();
        if (next.isEmpty()) {
            throw conflict("/problems/no-next-coverage", "No next coverage",
                    "The patient has no active coverage after this one on " + prior.dateOfService + ".");
        }
        Claim n = claims.stamped(new Claim());
        n.appointmentId = prior.appointmentId;
        n.patientId = prior.patientId;
        n.coverageId = next.get().id;
        n.payerId = next.get().payerId;
        n.priorClaimId = prior.id;
        n.renderingPractitionerId = prior.renderingPractitionerId;
        n.billingNpi = prior.billingNpi;
        n.billingTaxonomy = prior.billingTaxonomy;
        n.placeOfService = prior.placeOfService;
        n.dateOfService = prior.dateOfService;
        n.totalCharge = prior.totalCharge;
        n.diagnoses.addAll(prior.diagnoses);
        prior.lines.forEach(l -> n.lines.add(l.copy()));
        n.status = ClaimStatus.DRAFT;
        n.persist();
        claims.record(n, null, ClaimStatus.DRAFT, "claim to " + payers.get(n.payerId).name + " after "
                + payers.get(prior.payerId).name + " paid " + (prior.paidAmount == null ? "0.00" : prior.paidAmount)
                + " on claim " + prior.controlNumber);
        return n;
    }

    private static ProblemException conflict(String type, String title, String detail) {
        return new ProblemException(Problem.of(409, type, title, detail));
    }
}
