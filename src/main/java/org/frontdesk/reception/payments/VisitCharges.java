package org.frontdesk.reception.payments;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.coverage.Coverage;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.coverage.EligibilityCheck;
import org.frontdesk.reception.coverage.EligibilityService;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.scheduling.AppointmentStatusChanged;
import org.frontdesk.reception.scheduling.Location;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a visit costs the patient at the desk, decided in one place:
 * <ol>
 *   <li>with a primary coverage in force on the visit day: the copay the insurer gave in its last
 *       active eligibility answer, else the copay printed on the card, else nothing known (0);</li>
 *   <li>without coverage: the self-pay fee of the visit type in effect that day.</li>
 * </ol>
 * The amount is fixed (a {@link VisitCharge}) when the patient arrives, so a later change of
 * coverage or fee does not rewrite what the desk asked for; cancelling the visit afterwards
 * cancels the charge. Once the insurer has adjudicated the visit's claim, its patient
 * responsibility replaces the desk amount as what the patient owes.
 */
@ApplicationScoped
public class VisitCharges {

    public record Charge(String kind, BigDecimal amount, String source) {
    }

    @Inject EntityManager em;
    @Inject CoverageService coverages;
    @Inject EligibilityService eligibility;
    @Inject AppointmentService appointments;
    @Inject SchedulingSetupService setup;
    @Inject PaymentsConfig config;
    @Inject Clock clock;

    /** What the visit would cost the patient if they arrived now. */
    public Charge determine(Appointment a) {
        LocalDate day = visitDay(a);
        Optional<Coverage> primary = coverages.primaryOn(a.patientId, day);
        if (primary.isPresent()) {
            Coverage c = primary.get();
            Optional<EligibilityCheck> answer = eligibility.latest(c.id)
                    .filter(e -> "active".equals(e.result) && e.copay != null);
            if (answer.isPresent()) {
                return new Charge("copay", money(answer.get().copay),
                        "copay from the insurer's eligibility answer of " + answer.get().completedAt);
            }
            if (c.copay != null) {
                return new Charge("copay", money(c.copay), "copay on the coverage card (member " + c.memberId + ")");
            }
            return new Charge("none", BigDecimal.ZERO.setScale(2), "covered (member " + c.memberId
                    + "); no copay known from the card or an eligibility check");
        }
        Optional<BigDecimal> fee = selfPayFee(a.visitTypeId, day);
        return fee.map(f -> new Charge("self-pay", money(f), "self-pay fee of the visit type on " + day))
                .orElseGet(() -> new Charge("none", BigDecimal.ZERO.setScale(2),
                        "no coverage, and no self-pay fee set for the visit type on " + day));
    }

    /** The self-pay fee of a visit type in effect on a day. */
    public Optional<BigDecimal> selfPayFee(UUID visitTypeId, LocalDate day) {
        @SuppressWarnings("unchecked")
        List<BigDecimal> rows = em.createNativeQuery("""
                        select amount from self_pay_fee where visit_type_id = ?1 and effective_from <= ?2
                        order by effective_from desc limit 1""")
                .setParameter(1, visitTypeId).setParameter(2, day).getResultList();
        return rows.stream().findFirst();
    }

    /** Sets the self-pay fee of a visit type from a date on (replacing one set for that same date). */
    @jakarta.transaction.Transactional
    public void setSelfPayFee(UUID visitTypeId, LocalDate from, BigDecimal amount, String by) {
        setup.visitType(visitTypeId);
        em.createNativeQuery("""
                        insert into self_pay_fee (visit_type_id, effective_from, amount, set_at, set_by)
                        values (?1, ?2, ?3, ?4, ?5) on conflict (visit_type_id, effective_from)
                        do update set amount = excluded.amount, set_at = excluded.set_at, set_by = excluded.set_by""")
                .setParameter(1, visitTypeId).setParameter(2, from).setParameter(3, money(amount))
                .setParameter(4, clock.instant()).setParameter(5, by).executeUpdate();
    }

    /** Fixes the charge when the patient arrives; cancels it when the visit is cancelled afterwards. */
    void onStatusChange(@Observes AppointmentStatusChanged change) {
        if (change.to() == AppointmentStatus.ARRIVED || change.to() == AppointmentStatus.CHECKED_IN) {
            if (VisitCharge.findById(change.appointmentId()) == null) {
                Appointment a = appointments.get(change.appointmentId());
                Charge c = determine(a);
                VisitCharge v = new VisitCharge();
                v.appointmentId = a.id;
                v.patientId = a.patientId;
                v.kind = c.kind();
                v.amount = c.amount();
                v.currency = config.currency();
                v.source = c.source().length() > 300 ? c.source().substring(0, 300) : c.source();
                v.postedAt = clock.instant();
                v.persist();
            }
        } else if (change.to() == AppointmentStatus.CANCELLED || change.to() == AppointmentStatus.ENTERED_IN_ERROR) {
            VisitCharge v = VisitCharge.findById(change.appointmentId());
            if (v != null && v.cancelledAt == null) {
                v.cancelledAt = clock.instant();
                v.cancelReason = "visit " + change.to().code();
            }
        }
    }

    /**
     * What the patient owes for a visit now: the adjudicated patient responsibility of its claim
     * when there is one, else the charge fixed at arrival (nothing if cancelled).
     */
    public Owed owed(VisitCharge v) {
        if (v.cancelledAt != null) {
            return new Owed(BigDecimal.ZERO.setScale(2), false);
        }
        @SuppressWarnings("unchecked")
        List<BigDecimal> adjudicated = em.createNativeQuery("select " + ADJUDICATED_SHARE + " from visit_charge vc "
                + "where vc.appointment_id = ?1").setParameter(1, v.appointmentId).getResultList();
        return adjudicated.isEmpty() || adjudicated.get(0) == null ? new Owed(v.amount, false)
                : new Owed(money(adjudicated.get(0)), true);
    }

    /**
     * The patient's share of visit {@code vc} once an insurer adjudicated its claim (the latest
     * answered claim's patient responsibility: after a secondary, the secondary's), else null:
     * the one definition, for one visit and for every open visit at once ({@link PatientAccounts}).
     */
    static final String ADJUDICATED_SHARE = """
            (select c.patient_responsibility from claim c
             where c.appointment_id = vc.appointment_id and c.status <> 'void' and c.patient_responsibility is not null
             order by c.updated_at desc limit 1)""";

    public record Owed(BigDecimal amount, boolean adjudicated) {
    }

    LocalDate visitDay(Appointment a) {
        return a.startsAt.atZone(setup.location(a.locationId).zone()).toLocalDate();
    }

    static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }
}
