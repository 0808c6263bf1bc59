package org.frontdesk.reception.payments;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.patient.Patient;
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
 * The desk's money rules, each in one method: taking a payment, refunding or voiding one (only
 * with a reason and an allowed role), what a visit and a patient owe, and closing a drawer's day.
 * Every entry takes the drawer's advisory lock and is refused once that drawer's day is closed;
 * the database refuses it too (trigger), and refuses any change or deletion of a money row.
 */
@ApplicationScoped
public class PaymentService {

    private static final Set<String> METHODS = Set.of("cash", "card", "check");
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private final EntityManager em;
    private final AppointmentService appointments;
    private final SchedulingSetupService setup;
    private final VisitCharges charges;
    private final PaymentsConfig config;
    private final Actors actors;
    private final Caller caller;
    private final Clock clock;
    private final MeterRegistry metrics;

    public PaymentService(EntityManager em, AppointmentService appointments, SchedulingSetupService setup,
                          VisitCharges charges, PaymentsConfig config, Actors actors, Caller caller, Clock clock,
                          MeterRegistry metrics) {
        this.em = em;
        this.setup = setup;
        this.appointments = appointments;
        this.charges = charges;
        this.config = config;
        this.actors = actors;
        this.caller = caller;
        this.clock = clock;
        this.metrics = metrics;
    }

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
        if (Patient.findById(r.patientId()) == null) {
            errors.add(new FieldError("/patientId", "no patient " + r.patientId()));
        }
        Appointment visit = null;
        if (r.appointmentId() != null) {
            visit = Appointment.findById(r.appointmentId());
            if (visit == null) {
                errors.add(new FieldError("/appointmentId", "no appointment " + r.appointmentId()));
            } else if (visit.patientId == null) {
                errors.add(new FieldError("/appointmentId", "is a hold with no patient yet"));
            } else if (!visit.patientId.equals(r.patientId())) {
                errors.add(new FieldError("/appointmentId", "is another patient's appointment"));
            }
        }
        UUID locationId = r.locationId() != null ? r.locationId() : visit == null ? null : visit.locationId;
        Location location = locationId == null ? null : Location.findById(locationId);
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
        Location location = Location.findById(r.locationId() != null ? r.locationId() : original.locationId);
        if (location == null) {
            throw ProblemException.badRequest("/locationId", "no location " + r.locationId());
        }
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
        Location location = Location.findById(original.locationId);
        Payment p = entry("void", original.patientId, original.appointmentId, location, original.businessDate,
                original.drawer, original.method, original.amount);
        copyDetails(original, p, reason);
        return persist(p);
    }

    private Payment entry(String kind, UUID patientId, UUID appointmentId, Location location, LocalDate day,
                          String drawer, String method, BigDecimal amount) {
        lockDrawer(location.id, day, drawer);
        if (closeOf(location.id, day, drawer) != null) {
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
        Payment p = Payment.findById(id);
        if (p == null) {
            throw ProblemException.notFound("Payment", id);
        }
        return p;
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

    /** At check-in: this visit's charge (fixed, or as it would be now), what was paid for it, and older balance. */
    public AmountDue amountDue(UUID appointmentId) {
        Appointment a = appointments.get(appointmentId);
        if (a.patientId == null) {
            throw conflict("/problems/no-patient", "No patient", "The appointment is a hold with no patient yet.");
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
        if (Patient.findById(patientId) == null) {
            throw ProblemException.notFound("Patient", patientId);
        }
        List<BalanceLine> lines = new ArrayList<>();
        BigDecimal total = ZERO;
        for (VisitCharge v : VisitCharge.<VisitCharge>list("patientId = ?1 order by postedAt", patientId)) {
            Appointment a = Appointment.findById(v.appointmentId);
            VisitCharges.Owed owed = charges.owed(v);
            BigDecimal paid = paidFor(v.appointmentId);
            BigDecimal balance = owed.amount().subtract(paid);
            lines.add(new BalanceLine(v.appointmentId, charges.visitDay(a), v.kind, owed.amount(), owed.adjudicated(),
                    paid, balance));
            total = total.add(balance);
        }
        // payments for visits without a charge yet (paid ahead) and payments on account
        BigDecimal unapplied = VisitCharges.money((BigDecimal) em.createNativeQuery("""
                        select coalesce(sum(signed_amount), 0) from payment p
                        where p.patient_id = ?1
                          and (p.appointment_id is null
                               or not exists (select 1 from visit_charge v where v.appointment_id = p.appointment_id))""")
                .setParameter(1, patientId).getSingleResult());
        total = total.subtract(unapplied);
        return new Balance(patientId, config.currency(), lines, unapplied, total);
    }

    private BigDecimal paidFor(UUID appointmentId) {
        return VisitCharges.money((BigDecimal) em.createNativeQuery("""
                        select coalesce(sum(signed_amount), 0)
                        from payment where appointment_id = ?1""").setParameter(1, appointmentId).getSingleResult());
    }

    /** Payments of a patient, a visit, or a location's business day (at least one is required), newest first, at most 500. */
    public List<Payment> search(UUID patientId, UUID appointmentId, UUID locationId, LocalDate businessDate) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Object[] f : new Object[][] {{"patientId", patientId}, {"appointmentId", appointmentId},
                {"locationId", locationId}, {"businessDate", businessDate}}) {
            if (f[1] != null) {
                args.add(f[1]);
                where.add(f[0] + " = ?" + args.size());
            }
        }
        if (where.isEmpty()) {
            throw ProblemException.badRequest("/patientId", "Give a patientId, appointmentId, or locationId and date.");
        }
        return Payment.<Payment>find(String.join(" and ", where) + " order by takenAt desc", args.toArray())
                .range(0, 499).list();
    }

    /** A location's money day: each drawer's expected totals, its close and corrections, and the location's totals. */
    public PaymentJson.LocationDay day(UUID locationId, LocalDate day) {
        location(locationId);
        Map<String, DrawerTotals> totals = totals(locationId, day);
        List<DayClose> closes = DayClose.list("locationId = ?1 and businessDate = ?2 order by closedAt", locationId, day);
        java.util.Set<String> drawers = new java.util.TreeSet<>(totals.keySet());
        closes.forEach(c -> drawers.add(c.drawer));
        List<PaymentJson.DrawerDay> days = new ArrayList<>();
        DrawerTotals all = new DrawerTotals();
        for (String drawer : drawers) {
            DrawerTotals t = totals.getOrDefault(drawer, new DrawerTotals());
            all.add(t);
            DayClose close = closes.stream().filter(c -> c.drawer.equals(drawer) && "close".equals(c.kind)).findFirst()
                    .orElse(null);
            List<PaymentJson.CloseView> corrections = closes.stream()
                    .filter(c -> c.drawer.equals(drawer) && "correction".equals(c.kind)).map(PaymentService::closeView).toList();
            days.add(new PaymentJson.DrawerDay(drawer, t.entries, t.view(), close != null,
                    close == null ? null : closeView(close), corrections));
        }
        return new PaymentJson.LocationDay(locationId, day, config.currency(), days, all.view());
    }

    static PaymentJson.CloseView closeView(DayClose c) {
        return new PaymentJson.CloseView(c.id, c.kind, c.correctsId, c.countedCash, c.expectedCash, c.difference,
                c.difference.signum() != 0, c.note, c.closedAt, c.closedBy);
    }

    /** Expected totals by method of each drawer that took money at a location on a day. */
    Map<String, DrawerTotals> totals(UUID locationId, LocalDate day) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select drawer, method, sum(signed_amount), count(*)
                        from payment where location_id = ?1 and business_date = ?2 group by drawer, method""")
                .setParameter(1, locationId).setParameter(2, day).getResultList();
        Map<String, DrawerTotals> byDrawer = new java.util.TreeMap<>();
        for (Object[] row : rows) {
            DrawerTotals t = byDrawer.computeIfAbsent((String) row[0], d -> new DrawerTotals());
            t.add((String) row[1], VisitCharges.money((BigDecimal) row[2]), ((Number) row[3]).intValue());
        }
        return byDrawer;
    }

    /** Running totals of one drawer's day. */
    static final class DrawerTotals {
        BigDecimal cash = ZERO;
        BigDecimal card = ZERO;
        BigDecimal check = ZERO;
        int entries;

        void add(String method, BigDecimal amount, int count) {
            switch (method) {
                case "cash" -> cash = cash.add(amount);
                case "card" -> card = card.add(amount);
                default -> check = check.add(amount);
            }
            entries += count;
        }

        void add(DrawerTotals other) {
            cash = cash.add(other.cash);
            card = card.add(other.card);
            check = check.add(other.check);
            entries += other.entries;
        }

        MethodTotals view() {
            return new MethodTotals(cash, card, check, cash.add(card).add(check));
        }
    }

    /**
     * Closes a drawer's day: its expected totals by method are fixed, the cash counted is entered,
     * and the difference is kept (flagged when not zero). The day then takes no new entries.
     */
    @Transactional
    public DayClose close(UUID locationId, LocalDate day, CloseRequest r) {
        Location location = location(locationId);
        if (day.isAfter(today(location))) {
            throw ProblemException.badRequest("/date", "The " + day + " has not come yet at " + location.name + ".");
        }
        String drawer = r.drawer() == null || r.drawer().isBlank() ? actors.current() : r.drawer().trim();
        requireOwnDrawerOrAdjustRole(drawer);
        lockDrawer(locationId, day, drawer);
        DayClose existing = closeOf(locationId, day, drawer);
        if (existing != null) {
            throw new ProblemException(Problem.of(409, "/problems/day-already-closed", "Day already closed",
                    "This drawer's day was closed at " + existing.closedAt + " by " + existing.closedBy
                            + "; enter a correction instead.").with("closeId", existing.id.toString()));
        }
        DrawerTotals t = totals(locationId, day).getOrDefault(drawer, new DrawerTotals());
        DayClose expected = new DayClose();
        expected.locationId = locationId;
        expected.businessDate = day;
        expected.drawer = drawer;
        expected.expectedCash = t.cash;
        expected.expectedCard = t.card;
        expected.expectedCheck = t.check;
        expected.entries = t.entries;
        expected.currency = config.currency();
        DayClose c = counted("close", expected, null, r.countedCash(), r.note());
        metrics.counter("reception.day.closes", "flagged", String.valueOf(c.difference.signum() != 0)).increment();
        return c;
    }

    /** Corrects a closed day's count (a recount, a found envelope): a new entry; the close itself stays. */
    @Transactional
    public DayClose correct(UUID closeId, CorrectionRequest r) {
        DayClose closed = DayClose.findById(closeId);
        if (closed == null || !"close".equals(closed.kind)) {
            throw ProblemException.notFound("Day close", closeId);
        }
        requireOwnDrawerOrAdjustRole(closed.drawer);
        return counted("correction", closed, closed.id, r.countedCash(), r.note());
    }

    /** A close or correction row: the drawer, day and expected totals of {@code expected}, with the cash counted now. */
    private DayClose counted(String kind, DayClose expected, UUID corrects, BigDecimal countedCash, String note) {
        DayClose c = new DayClose();
        c.id = UUID.randomUUID();
        c.kind = kind;
        c.correctsId = corrects;
        c.locationId = expected.locationId;
        c.businessDate = expected.businessDate;
        c.drawer = expected.drawer;
        c.expectedCash = expected.expectedCash;
        c.expectedCard = expected.expectedCard;
        c.expectedCheck = expected.expectedCheck;
        c.entries = expected.entries;
        c.currency = expected.currency;
        c.countedCash = VisitCharges.money(countedCash);
        c.note = note == null || note.isBlank() ? null : note.trim();
        c.closedAt = clock.instant();
        c.closedBy = actors.current();
        c.persist();
        em.flush();
        em.refresh(c); // the difference is computed by the database
        return c;
    }

    private void requireOwnDrawerOrAdjustRole(String drawer) {
        if (!Objects.equals(drawer, actors.current()) && config.adjustRoles().stream().noneMatch(caller::hasRole)) {
            throw new ProblemException(Problem.of(403, "/problems/forbidden", "Not allowed",
                    "Only " + drawer + " or one of the roles " + String.join(", ", config.adjustRoles())
                            + " may close or correct that drawer."));
        }
    }

    public DayClose closeOf(UUID locationId, LocalDate day, String drawer) {
        return DayClose.<DayClose>find("kind = 'close' and locationId = ?1 and businessDate = ?2 and drawer = ?3",
                locationId, day, drawer).firstResult();
    }

    public Location location(UUID id) {
        return setup.location(id);
    }

    private void lockDrawer(UUID locationId, LocalDate day, String drawer) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "drawer|" + locationId + "|" + day + "|" + drawer).getSingleResult();
    }

    private LocalDate today(Location location) {
        return LocalDate.now(clock.withZone(location.zone()));
    }

    private static ProblemException conflict(String type, String title, String detail) {
        return new ProblemException(Problem.of(409, type, title, detail));
    }
}
