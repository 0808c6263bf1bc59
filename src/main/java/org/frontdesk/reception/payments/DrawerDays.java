package org.frontdesk.reception.payments;

import jakarta.inject.Inject;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.payments.PaymentJson.CloseRequest;
import org.frontdesk.reception.payments.PaymentJson.CorrectionRequest;
import org.frontdesk.reception.payments.PaymentJson.MethodTotals;
import org.frontdesk.reception.scheduling.Location;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A drawer's business day: what each drawer took at a location on a day, its close (expected
 * totals fixed, cash counted, the difference kept) and corrections of the count. A closed day
 * takes no new entry: entries and closes of one drawer's day queue on one advisory lock.
 */
@ApplicationScoped
class DrawerDays {

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    @Inject EntityManager em;
    @Inject SchedulingSetupService setup;
    @Inject PaymentMapper mapper;
    @Inject PaymentsConfig config;
    @Inject Actors actors;
    @Inject Caller caller;
    @Inject Clock clock;
    @Inject MeterRegistry metrics;

    /** A location's money day: each drawer's expected totals, its close and corrections, and the location's totals. */
    public PaymentJson.LocationDay day(UUID locationId, LocalDate day) {
        setup.location(locationId);
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
                    .filter(c -> c.drawer.equals(drawer) && "correction".equals(c.kind)).map(mapper::toView).toList();
            days.add(new PaymentJson.DrawerDay(drawer, t.entries, t.view(), close != null,
                    close == null ? null : mapper.toView(close), corrections));
        }
        return new PaymentJson.LocationDay(locationId, day, config.currency(), days, all.view());
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
        Location location = setup.location(locationId);
        if (day.isAfter(LocalDate.now(clock.withZone(location.zone())))) {
            throw ProblemException.badRequest("/date", "The " + day + " has not come yet at " + location.name + ".");
        }
        String drawer = r.drawer() == null || r.drawer().isBlank() ? actors.current() : r.drawer().trim();
        requireOwnDrawerOrAdjustRole(drawer);
        lock(em, locationId, day, drawer);
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

    static DayClose closeOf(UUID locationId, LocalDate day, String drawer) {
        return DayClose.<DayClose>find("kind = 'close' and locationId = ?1 and businessDate = ?2 and drawer = ?3",
                locationId, day, drawer).firstResult();
    }

    /** Takes the advisory lock of one drawer's day, for the rest of the transaction. */
    static void lock(EntityManager em, UUID locationId, LocalDate day, String drawer) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "drawer|" + locationId + "|" + day + "|" + drawer).getSingleResult();
    }
}
