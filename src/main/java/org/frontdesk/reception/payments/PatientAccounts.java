package org.frontdesk.reception.payments;

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
 * Patients' accounts in bulk, for statements and A/R: every charged visit with what the patient
 * owes for it (the adjudicated share once the insurer answered, else the charge fixed at
 * arrival), what they paid for it, and the balance; and payments not tied to a visit. The same
 * amounts {@link Balances} shows one patient at a time.
 */
@ApplicationScoped
public class PatientAccounts {

    @Inject EntityManager em;

    /** One charged visit of a patient: its day (at its location), what is owed and paid. */
    public record VisitBalance(UUID patientId, UUID appointmentId, LocalDate visitDay, String kind, BigDecimal owed,
                               boolean adjudicated, BigDecimal paid, BigDecimal balance) {
    }

    /** The charged visits of these patients (every patient when null) with a balance other than zero, oldest first. */
    @SuppressWarnings("unchecked")
    public List<VisitBalance> openVisits(Collection<UUID> patientIds) {
        List<Object[]> rows = em.createNativeQuery("""
                select v.patient_id, v.appointment_id, (a.starts_at at time zone l.time_zone)::date, v.kind,
                       case when v.cancelled_at is not null then 0 else coalesce(v.share, v.amount) end,
                       v.share is not null and v.cancelled_at is null,
                       coalesce((select sum(p.signed_amount) from payment p where p.appointment_id = v.appointment_id), 0)
                from (select vc.*, """ + VisitCharges.ADJUDICATED_SHARE + """
                       as share from visit_charge vc
                      where cast(?1 as uuid[]) is null or vc.patient_id = any (?1)) v
                join appointment a on a.id = v.appointment_id
                join location l on l.id = a.location_id
                order by 3, v.appointment_id""")
                .setParameter(1, patientIds == null ? null : patientIds.toArray(new UUID[0])).getResultList();
        return rows.stream().map(r -> {
            BigDecimal owed = VisitCharges.money((BigDecimal) r[4]);
            BigDecimal paid = VisitCharges.money((BigDecimal) r[6]);
            return new VisitBalance((UUID) r[0], (UUID) r[1], SqlValues.day(r[2]), (String) r[3], owed,
                    (Boolean) r[5], paid, owed.subtract(paid));
        }).filter(v -> v.balance().signum() != 0).toList();
    }

    /** Payments of a patient not tied to a charged visit (paid ahead, or on account): a credit. */
    public BigDecimal unapplied(UUID patientId) {
        return VisitCharges.money((BigDecimal) em.createNativeQuery("""
                        select coalesce(sum(signed_amount), 0) from payment p
                        where p.patient_id = ?1
                          and (p.appointment_id is null
                               or not exists (select 1 from visit_charge v where v.appointment_id = p.appointment_id))""")
                .setParameter(1, patientId).getSingleResult());
    }
}
