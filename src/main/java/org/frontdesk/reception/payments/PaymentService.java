package org.frontdesk.reception.payments;

import org.frontdesk.reception.shared.Changes;

import jakarta.inject.Inject;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.payments.PaymentJson.AmountDue;
import org.frontdesk.reception.payments.PaymentJson.Balance;
import org.frontdesk.reception.payments.PaymentJson.BalanceLine;
import org.frontdesk.reception.payments.PaymentJson.CloseRequest;
import org.frontdesk.reception.payments.PaymentJson.CorrectionRequest;
import org.frontdesk.reception.payments.PaymentJson.MethodTotals;
import org.frontdesk.reception.payments.PaymentJson.PaymentRequest;
import org.frontdesk.reception.payments.PaymentJson.RefundRequest;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.Location;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Where;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The desk's money entries, each rule in one method: taking a payment, refunding or voiding one
 * (only with a reason and an allowed role). Every entry takes the drawer's advisory lock and is
 * refused once that drawer's day is closed ({@link DrawerDays}); the database refuses it too
 * (trigger), and refuses any change or deletion of a money row. What is owed is {@link Balances}.
 */
@ApplicationScoped
class PaymentService {

    private static final Set<String> METHODS = Set.of("cash", "card", "check");
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    @Inject EntityManager em;
    @Inject PatientService patients;
    @Inject AppointmentService appointments;
    @Inject SchedulingSetupService setup;
    @Inject VisitCharges charges;
    @Inject PaymentsConfig config;
    @Inject Actors actors;
    @Inject Caller caller;
    @Inject Clock clock;
    @Inject MeterRegistry metrics;
    @Inject Changes changes;

    /** Takes a payment at the desk, into the current user's drawer for today at the location. */
    @Transactional
    public Payment record(PaymentRequest r) {
        List<FieldError> errors = new ArrayList<>();
        String method = r.method() == null ? null : r.method().trim().toLowerCase();
        if (!METHODS.contains(method)) {
            errors.add(new FieldError("/method", "must be cash, card or check"));
        }
        if (r.currency() != null && !r.currency().equals(config.currency())) {
            errors.add(new FieldError("/currency", "this practice takes " + config.currency() + " only"));
        }
        if ("card".equals(method)) {
            if (r.cardLast4() == null || !r.cardLast4().matches("[0-9]{4}")) {
                errors.add(new FieldError("/cardLast4", "a card payment needs the card's last four digits"));
            }
            if (r.processorReference() == null || r.processorReference().isBlank()) {
                errors.add(new FieldError("/processorReference", "a card payment needs the processor's reference"));
            }
        } else if (r.cardLast4() != null) {
            errors.add(new FieldError("/cardLast4", "only card payments have card digits"));
        }
        if ("check".equals(method) && (r.checkNumber() == null || r.checkNumber().isBlank())) {
            errors.add(new FieldError("/checkNumber", "a check payment needs the check number"));
        }
        if (patients.find(r.patientId()).isEmpty()) {
            errors.add(new FieldError("/patientId", "no patient " + r.patientId()));
        }
        Appointment visit = null;
        if (r.appointmentId() != null) {
            visit = appointments.find(r.appointmentId()).orElse(null);
            if (visit == null) {
                errors.add(new FieldError("/appointmentId", "no appointment " + r.appointmentId()));
            } else if (visit.patientId == null) {
                errors.add(new FieldError("/appointmentId", "is a hold with no patient yet"));
            } else if (!visit.patientId.equals(r.patientId())) {
                errors.add(new FieldError("/appointmentId", "is another patient's appointment"));
            }
        }
        UUID locationId = r.locationId() != null ? r.locationId() : visit == null ? null : visit.locationId;
        Location location = setup.findLocation(locationId).orElse(null);
        if (location == null) {
            errors.add(new FieldError("/locationId", locationId == null
                    ? "the desk's location is required when no appointment is given" : "no location " + locationId));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The payment can't be recorded as given.", errors);
        }
        Payment p = entry("payment", r.patientId(), r.appointmentId(), location, today(location), actors.current(),
                method, r.amount());
        p.cardLast4 = "card".equals(method) ? r.cardLast4() : null;
        p.processorReference = "card".equals(method) ? r.processorReference().trim() : null;
        p.checkNumber = "check".equals(method) ? r.checkNumber().trim() : null;
        return persist(p);
    }

    /** Gives money back for a payment (up to what is left of it), from the current user's drawer today. */
    @Transactional
    public Payment refund(UUID paymentId, RefundRequest r) {
        requireAdjustRole("refund");
        Payment original = original(paymentId, "refunded");
        BigDecimal refundable = refundable(original);
        if (r.amount().compareTo(refundable) > 0) {
            throw new ProblemException(Problem.of(422, "/problems/refund-exceeds-payment", "Refund exceeds the payment",
                    "At most " + refundable + " " + original.currency + " of this payment can still be refunded.")
                    .with("refundable", refundable));
        }
        Location location = setup.findLocation(r.locationId() != null ? r.locationId() : original.locationId)
                .orElseThrow(() -> ProblemException.badRequest("/locationId", "no location " + r.locationId()));
        Payment p = entry("refund", original.patientId, original.appointmentId, location, today(location),
                actors.current(), original.method, r.amount());
        copyDetails(original, p, r.reason());
        return persist(p);
    }

    /**
     * Cancels a payment entered by mistake, in its own drawer and day: only while that day is
     * open and nothing of it was refunded. After the close, money goes back by a refund.
     */
    @Transactional
    public Payment voidPayment(UUID paymentId, String reason) {
        requireAdjustRole("void");
        Payment original = original(paymentId, "voided again");
        if (refundable(original).compareTo(original.amount) != 0) {
            throw conflict("/problems/payment-refunded", "Payment partly refunded",
                    "Part of this payment was refunded; refund the rest instead of voiding it.");
        }
        Location location = setup.location(original.locationId);
        Payment p = entry("void", original.patientId, original.appointmentId, location, original.businessDate,
                original.drawer, original.method, original.amount);
        copyDetails(original, p, reason);
        return persist(p);
    }

    private Payment entry(String kind, UUID patientId, UUID appointmentId, Location location, LocalDate day,
                          String drawer, String method, BigDecimal amount) {
        DrawerDays.lock(em, location.id, day, drawer);
        if (DrawerDays.closeOf(location.id, day, drawer) != null) {
            throw new ProblemException(Problem.of(409, "/problems/day-closed", "Day closed",
                    "The " + day + " of drawer " + drawer + " at " + location.name + " is closed; "
                            + ("void".equals(kind) ? "give the money back with a refund instead." : "it takes no new entries."))
                    .with("businessDate", day.toString()).with("drawer", drawer));
        }
        Payment p = new Payment();
        p.id = UUID.randomUUID();
        p.kind = kind;
        p.patientId = patientId;
        p.appointmentId = appointmentId;
        p.locationId = location.id;
        p.businessDate = day;
        p.drawer = drawer;
        p.method = method;
        p.amount = VisitCharges.money(amount);
        p.currency = config.currency();
        p.takenAt = clock.instant();
        p.takenBy = actors.current();
        return p;
    }

    private static void copyDetails(Payment original, Payment p, String reason) {
        p.cardLast4 = original.cardLast4;
        p.processorReference = original.processorReference;
        p.checkNumber = original.checkNumber;
        p.originalId = original.id;
        p.reason = reason.trim();
    }

    private Payment persist(Payment p) {
        p.persist();
        em.flush();
        em.refresh(p); // the receipt number comes from the database
        // the desk's live feed shows money taken (or given back) on the visit's row
        changes.record(new Changes.Change("Payment", p.id, java.util.List.of(), p.kind, p.patientId, p.locationId,
                null, p.appointmentId, p.kind));
        metrics.counter("reception.payments.amount", "kind", p.kind, "method", p.method, "currency", p.currency)
                .increment(p.amount.doubleValue());
        metrics.counter("reception.payments", "kind", p.kind, "method", p.method).increment();
        return p;
    }

    /** The payment a refund or void is for, locked; refused when it is not a payment or was voided. */
    private Payment original(UUID paymentId, String what) {
        Payment original = em.find(Payment.class, paymentId, LockModeType.PESSIMISTIC_WRITE);
        if (original == null) {
            throw ProblemException.notFound("Payment", paymentId);
        }
        if (!"payment".equals(original.kind)) {
            throw conflict("/problems/not-a-payment", "Not a payment", "Only payments can be refunded or voided, not a "
                    + original.kind + ".");
        }
        if (voidOf(original.id) != null) {
            throw conflict("/problems/payment-voided", "Payment voided", "This payment was voided; it can't be " + what + ".");
        }
        return original;
    }

    private void requireAdjustRole(String what) {
        if (config.adjustRoles().stream().noneMatch(caller::hasRole)) {
            throw new ProblemException(Problem.of(403, "/problems/forbidden", "Not allowed",
                    "To " + what + " a payment takes one of the roles " + String.join(", ", config.adjustRoles()) + "."));
        }
    }

    public Payment get(UUID id) {
        return ProblemException.orNotFound(Payment.findById(id), "Payment", id);
    }

    /** What is left of a payment to refund: nothing of a refund, a void, or a voided payment. */
    public BigDecimal refundable(Payment original) {
        if (!"payment".equals(original.kind) || voidOf(original.id) != null) {
            return ZERO;
        }
        BigDecimal refunded = (BigDecimal) em.createNativeQuery(
                        "select coalesce(sum(amount), 0) from payment where original_id = ?1 and kind = 'refund'")
                .setParameter(1, original.id).getSingleResult();
        return VisitCharges.money(original.amount.subtract(refunded));
    }

    public Payment voidOf(UUID paymentId) {
        return Payment.<Payment>find("originalId = ?1 and kind = 'void'", paymentId).firstResult();
    }

    /** Payments of a patient, a visit, or a location's business day (at least one is required), newest first, at most 500. */
    public List<Payment> search(UUID patientId, UUID appointmentId, UUID locationId, LocalDate businessDate) {
        Where w = new Where().and("patientId = ?", patientId).and("appointmentId = ?", appointmentId)
                .and("locationId = ?", locationId).and("businessDate = ?", businessDate);
        if (w.args().length == 0) {
            throw ProblemException.badRequest("/patientId", "Give a patientId, appointmentId, or locationId and date.");
        }
        return Payment.<Payment>find(w.query() + " order by takenAt desc", w.args()).range(0, 499).list();
    }

    private LocalDate today(Location location) {
        return LocalDate.now(clock.withZone(location.zone()));
    }

    private static ProblemException conflict(String type, String title, String detail) {
        return new ProblemException(Problem.of(409, type, title, detail));
    }
}
