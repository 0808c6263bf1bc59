package org.frontdesk.reception.claims;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coding.CodeRow;
import org.frontdesk.reception.shared.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The practice's charge per procedure code and unit, from a day on: what a line costs when the desk gives no charge. */
@ApplicationScoped
class FeeSchedule {

    @Inject EntityManager em;

    /** Sets the charge for one unit of a HCPCS/CPT code from a day on; returns the code as stored. */
    @Transactional
    public String setFee(String code, LocalDate effectiveFrom, BigDecimal charge) {
        String normalized = CodeRow.normalize(code);
        if (!normalized.matches("[0-9A-Z]{5}")) {
            throw ProblemException.badRequest("/code", "A fee is for a 5-character HCPCS or CPT code.");
        }
        em.createNativeQuery("""
                        insert into fee_schedule (code, effective_from, charge) values (?1, ?2, ?3)
                        on conflict (code, effective_from) do update set charge = excluded.charge""")
                .setParameter(1, normalized).setParameter(2, effectiveFrom).setParameter(3, charge).executeUpdate();
        return normalized;
    }

    /** The charge for one unit of a code on a day; 400 naming the line when the schedule has none. */
    BigDecimal fee(String code, LocalDate day, int lineIndex) {
        @SuppressWarnings("unchecked")
        List<BigDecimal> fees = em.createNativeQuery("""
                        select charge from fee_schedule where code = ?1 and effective_from <= ?2
                        order by effective_from desc limit 1""")
                .setParameter(1, code).setParameter(2, day).getResultList();
        if (fees.isEmpty()) {
            throw ProblemException.badRequest("/lines/" + lineIndex + "/charge", "No fee for " + code + " on " + day
                    + " in the fee schedule; give the line's charge or add the fee.");
        }
        return fees.get(0);
    }
}
