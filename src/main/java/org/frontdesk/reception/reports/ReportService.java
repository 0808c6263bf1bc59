package org.frontdesk.reception.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.frontdesk.reception.coverage.CoverageConfig;
import org.frontdesk.reception.payments.PaymentsConfig;
import org.frontdesk.reception.scheduling.Location;
import org.frontdesk.reception.shared.ProblemException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Computes a {@link DeskReport} in the database, one query per figure, over the visits of a
 * location whose start falls in the range (location days). Each figure's rule is the SQL below.
 */
@ApplicationScoped
public class ReportService {

    /** The longest range one report covers. */
    static final int MAX_DAYS = 366;

    /** The reason scheduling gives the old appointment of a reschedule. */
    static final String RESCHEDULED = "rescheduled";

    /**
     * Visits booked at the location in the range: ?1 location, ?2 from, ?3 to (instants). Holds
     * never booked are left out, and so is the old half of a reschedule (the new one counts).
     */
    private static final String VISITS = """
            with visits as (
                select a.* from appointment a
                where a.location_id = ?1 and a.starts_at >= ?2 and a.starts_at < ?3
                  and exists (select 1 from appointment_status_change s where s.appointment_id = a.id and s.to_status = 'booked')
                  and not exists (select 1 from appointment n where n.rescheduled_from = a.id))
            """;
    private static final String DUE = "('arrived', 'checked-in', 'fulfilled', 'noshow')";

    private final EntityManager em;
    private final PaymentsConfig payments;
    private final CoverageConfig coverage;

    public ReportService(EntityManager em, PaymentsConfig payments, CoverageConfig coverage) {
        this.em = em;
        this.payments = payments;
        this.coverage = coverage;
    }

    public DeskReport desk(UUID locationId, LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            throw ProblemException.badRequest(from == null ? "/from" : "/to", "is required (a date, e.g. 2026-11-02)");
        }
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("/to", "is before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw ProblemException.badRequest("/to", "a report covers at most " + MAX_DAYS + " days");
        }
        Location location = Location.findById(locationId);
        if (location == null) {
            throw ProblemException.notFound("Location", locationId);
        }
        ZoneId zone = location.zone();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        String tz = zone.getId();

        Map<String, Long> byStatus = new TreeMap<>();
        long total = 0;
        for (Object[] row : rows(VISITS + "select status, count(*) from visits group by status", locationId, start, end)) {
            byStatus.put((String) row[0], ((Number) row[1]).longValue());
            total += ((Number) row[1]).longValue();
        }

        Object[] noShow = row(VISITS + "select count(*) filter (where status = 'noshow'), count(*) filter (where status in "
                + DUE + ") from visits", locationId, start, end);

        long sameDay = number(row(VISITS + """
                select count(*) from visits v where v.status = 'cancelled' and exists (
                    select 1 from appointment_status_change s where s.appointment_id = v.id and s.to_status = 'cancelled'
                      and (s.changed_at at time zone ?4)::date = (v.starts_at at time zone ?4)::date)""",
                locationId, start, end, tz)[0]);

        Object[] waits = row(VISITS + """
                , times as (
                    select (select min(changed_at) from appointment_status_change s where s.appointment_id = v.id
                              and s.to_status = 'arrived') as arrived,
                           (select min(changed_at) from appointment_status_change s where s.appointment_id = v.id
                              and s.to_status = 'checked-in') as checked_in
                    from visits v)
                select count(*), avg(extract(epoch from checked_in - arrived) / 60)
                from times where arrived is not null and checked_in is not null and checked_in >= arrived""",
                locationId, start, end);

        int days = coverage.eligibilityFreshDays();
        Object[] eligibility = row(VISITS + """
                , insured as (
                    select v.* from visits v where v.status in %s and exists (
                        select 1 from coverage c where c.patient_id = v.patient_id and c.status = 'active'
                          and (c.period_start is null or c.period_start <= (v.starts_at at time zone ?4)::date)
                          and (c.period_end is null or c.period_end >= (v.starts_at at time zone ?4)::date)))
                select count(*), count(*) filter (where exists (
                    select 1 from eligibility_check e join coverage c on c.id = e.coverage_id
                    where c.patient_id = i.patient_id and c.status <> 'entered-in-error' and e.state = 'complete'
                      and e.completed_at <= i.starts_at and e.completed_at >= i.starts_at - make_interval(days => ?5)))
                from insured i""".formatted(DUE), locationId, start, end, tz, days);

        Object[] claims = row(VISITS + """
                , originals as (
                    select c.*, (select min(changed_at) from claim_status_change s
                                 where s.claim_id = c.id and s.to_status = 'queued') as first_queued
                    from claim c join visits v on v.id = c.appointment_id where c.frequency = '1')
                select count(*) filter (where first_queued is not null),
                       count(*) filter (where exists (select 1 from claim_response r where r.claim_id = o.id)),
                       count(*) filter (where exists (select 1 from claim_response r where r.claim_id = o.id)
                                        and not exists (select 1 from claim_status_change s where s.claim_id = o.id
                                                        and s.to_status = 'rejected')),
                       avg(((first_queued at time zone ?4)::date - date_of_service)::numeric)
                from originals o""", locationId, start, end, tz);

        Object[] money = row(VISITS + """
                , charged as (
                    select vc.appointment_id,
                           coalesce((select cl.patient_responsibility from claim cl
                                     where cl.appointment_id = vc.appointment_id and cl.status <> 'void'
                                       and cl.patient_responsibility is not null
                                     order by cl.updated_at desc limit 1), vc.amount) as owed
                    from visit_charge vc join visits v on v.id = vc.appointment_id where vc.cancelled_at is null)
                select (select coalesce(sum(owed), 0) from charged),
                       (select coalesce(sum(case when p.kind = 'payment' then p.amount else -p.amount end), 0)
                        from payment p join charged c on c.appointment_id = p.appointment_id)""", locationId, start, end);
        Object[] taken = row("""
                select coalesce(sum(case when method = 'cash' then signed end), 0),
                       coalesce(sum(case when method = 'card' then signed end), 0),
                       coalesce(sum(case when method = 'check' then signed end), 0),
                       coalesce(sum(signed), 0)
                from (select method, case when kind = 'payment' then amount else -amount end as signed from payment
                      where location_id = ?1 and business_date between ?2 and ?3) p""", locationId, from, to);

        BigDecimal due = money((BigDecimal) money[0]);
        BigDecimal collected = money((BigDecimal) money[1]);
        return new DeskReport(locationId, from, to, tz,
                new DeskReport.Appointments(total, byStatus),
                new DeskReport.NoShows(number(noShow[0]), number(noShow[1]), rate(number(noShow[0]), number(noShow[1]))),
                sameDay,
                new DeskReport.Waits(number(waits[0]), waits[1] == null ? null
                        : new BigDecimal(waits[1].toString()).setScale(2, RoundingMode.HALF_UP)),
                new DeskReport.Eligibility(number(eligibility[0]), number(eligibility[1]),
                        rate(number(eligibility[1]), number(eligibility[0])), days),
                new DeskReport.Claims(number(claims[0]), number(claims[1]), number(claims[2]),
                        rate(number(claims[2]), number(claims[1])),
                        claims[3] == null ? null : new BigDecimal(claims[3].toString()).setScale(2, RoundingMode.HALF_UP)),
                new DeskReport.Money(payments.currency(), due, collected,
                        due.signum() == 0 ? null : collected.divide(due, 4, RoundingMode.HALF_UP),
                        money((BigDecimal) taken[0]), money((BigDecimal) taken[1]), money((BigDecimal) taken[2]),
                        money((BigDecimal) taken[3])));
    }

    private Query query(String sql, Object... params) {
        Query q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object... params) {
        return query(sql, params).getResultList();
    }

    private Object[] row(String sql, Object... params) {
        Object r = query(sql, params).getSingleResult();
        return r instanceof Object[] a ? a : new Object[] {r};
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    private static BigDecimal money(BigDecimal v) {
        return v == null ? BigDecimal.ZERO.setScale(2) : v.setScale(2, RoundingMode.HALF_UP);
    }
}
