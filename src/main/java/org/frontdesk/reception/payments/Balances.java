package org.frontdesk.reception.payments;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.payments.PaymentJson.AmountDue;
import org.frontdesk.reception.payments.PaymentJson.Balance;
import org.frontdesk.reception.payments.PaymentJson.BalanceLine;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What patients owe: a visit's amount due at check-in (its charge, what was paid for it, and the
 * balance of earlier visits) and a patient's balance over every charged visit.
 */
@ApplicationScoped
class Balances {

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    @Inject EntityManager em;
    @Inject PatientService patients;
    @Inject AppointmentService appointments;
    @Inject VisitCharges charges;
    @Inject PaymentsConfig config;
    @Inject PatientAccounts accounts;

    /** At check-in: this visit's charge (fixed, or as it would be now), what was paid for it, and older balance. */
    public AmountDue amountDue(UUID appointmentId) {
        Appointment a = appointments.get(appointmentId);
        if (a.patientId == null) {
            throw new ProblemException(Problem.of(409, "/problems/no-patient", "No patient",
                    "The appointment is a hold with no patient yet."));
        }
        VisitCharge fixed = VisitCharge.findById(a.id);
        String kind;
        BigDecimal charge;
        String source;
        boolean adjudicated = false;
        if (fixed != null) {
            VisitCharges.Owed owed = charges.owed(fixed);
            kind = fixed.kind;
            charge = owed.amount();
            adjudicated = owed.adjudicated();
            source = fixed.cancelledAt != null ? "cancelled: " + fixed.cancelReason
                    : adjudicated ? "patient responsibility on the insurer's claim answer" : fixed.source;
        } else {
            VisitCharges.Charge c = charges.determine(a);
            kind = c.kind();
            charge = c.amount();
            source = c.source() + " (estimate until arrival)";
        }
        BigDecimal paid = paidFor(a.id);
        BigDecimal visitBalance = charge.subtract(paid);
        BigDecimal patientBalance = balance(a.patientId).balance();
        // the patient balance holds this visit as its balance once charged, or (before arrival) its
        // payments as an unapplied credit; take out whichever it is so it isn't counted twice
        BigDecimal thisVisitInBalance = fixed == null ? paid.negate() : visitBalance;
        BigDecimal earlier = patientBalance.subtract(thisVisitInBalance);
        BigDecimal total = visitBalance.add(earlier).max(ZERO);
        return new AmountDue(a.id, a.patientId, config.currency(), kind, charge, source, fixed != null, adjudicated,
                paid, visitBalance, earlier, total);
    }

    /** Every charged visit of the patient with what was owed and paid, plus payments not tied to a visit. */
    public Balance balance(UUID patientId) {
        patients.get(patientId);
        List<BalanceLine> lines = new ArrayList<>();
        BigDecimal total = ZERO;
        for (VisitCharge v : VisitCharge.<VisitCharge>list("patientId = ?1 order by postedAt", patientId)) {
            Appointment a = appointments.get(v.appointmentId);
            VisitCharges.Owed owed = charges.owed(v);
            BigDecimal paid = paidFor(v.appointmentId);
            BigDecimal balance = owed.amount().subtract(paid);
            lines.add(new BalanceLine(v.appointmentId, charges.visitDay(a), v.kind, owed.amount(), owed.adjudicated(),
                    paid, balance));
            total = total.add(balance);
        }
        // payments for visits without a charge yet (paid ahead) and payments on account
        BigDecimal unapplied = accounts.unapplied(patientId);
        total = total.subtract(unapplied);
        return new Balance(patientId, config.currency(), lines, unapplied, total);
    }

    private BigDecimal paidFor(UUID appointmentId) {
        return VisitCharges.money((BigDecimal) em.createNativeQuery("""
                        select coalesce(sum(signed_amount), 0)
                        from payment where appointment_id = ?1""").setParameter(1, appointmentId).getSingleResult());
    }
}
