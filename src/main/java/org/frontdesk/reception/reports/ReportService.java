package org.frontdesk.reception.reports;

import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.frontdesk.reception.coverage.CoverageConfig;
import org.frontdesk.reception.payments.PaymentsConfig;
import org.frontdesk.reception.scheduling.Location;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.shared.ProblemException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Computes a {@link DeskReport} in the database over the visits of a location whose start falls in
 * the range (location days). Each figure's rule is its part of the SQL below.
 */
@ApplicationScoped
class ReportService {

    /** The longest range one report covers. */
    static final int MAX_DAYS = 366;

    /**
     * Every figure in one statement over one materialised set of visits (set-based joins and
     * aggregates, no per-visit subqueries: a year of a busy location is 100k+ visits).
     * ?1 location, ?2 from, ?3 to (instants), ?4 the location's zone, ?5 eligibility days.
     *
     * <p>visits: booked at the location in the range; holds never booked are left out, and so is
     * the old half of a reschedule (the new one counts).
     */
    private static final String FIGURES = """
            with visits as materialized (
                select a.id, a.patient_id, a.status, a.starts_at from appointment a
                where a.location_id = ?1 and a.starts_at >= ?2 and a.starts_at < ?3
                  and exists (select 1 from appointment_status_change s where s.appointment_id = a.id and s.to_status = 'booked')
                  and not exists (select 1 from appointment n where n.rescheduled_from = a.id)),
            due as (
                select * from visits where status in ('arrived', 'checked-in', 'fulfilled', 'noshow')),
            changes as (
                select s.appointment_id,
                       min(s.changed_at) filter (where s.to_status = 'arrived') as arrived,
                       min(s.changed_at) filter (where s.to_status = 'checked-in') as checked_in,
                       bool_or(s.to_status = 'cancelled' and s.from_status = 'booked'
                               and (s.changed_at at time zone ?4)::date = (v.starts_at at time zone ?4)::date) as cancelled_same_day
                from appointment_status_change s join visits v on v.id = s.appointment_id
                where s.to_status in ('arrived', 'checked-in', 'cancelled')
                group by s.appointment_id),
            insured as (
                select d.id, d.patient_id, d.starts_at from due d where exists (
                    select 1 from coverage c where c.patient_id = d.patient_id
                      and coverage_in_force(c.status, c.period_start, c.period_end, (d.starts_at at time zone ?4)::date))),
            -- the desk's rule (EligibilityService.freshness): a check of a coverage in force that day, completed
            -- no earlier than midnight (location time) ?5 days before the visit day, and before the visit
            checked as (
                select distinct i.id from insured i
                join coverage c on c.patient_id = i.patient_id
                     and coverage_in_force(c.status, c.period_start, c.period_end, (i.starts_at at time zone ?4)::date)
                join eligibility_check e on e.coverage_id = c.id and e.state = 'complete' and e.completed_at <= i.starts_at
                     and e.completed_at >= (((i.starts_at at time zone ?4)::date - ?5) :: timestamp at time zone ?4)),
            originals as (
                select c.id, c.date_of_service from claim c join visits v on v.id = c.appointment_id where c.frequency = '1'),
            claim_changes as (
                select s.claim_id, min(s.changed_at) filter (where s.to_status = 'queued') as first_queued,
                       bool_or(s.to_status = 'rejected') as rejected
                from claim_status_change s join originals o on o.id = s.claim_id group by s.claim_id),
            -- answered: the insurer decided (accepted, or refused / rejected); an acknowledgement (queued),
            -- a pended (partial) or an unreadable answer is not a decision yet
            answered as (
                select distinct r.claim_id from claim_response r join originals o on o.id = r.claim_id
                where r.outcome in ('complete', 'error', 'refused')),
            adjudicated as (
                select distinct on (cl.appointment_id) cl.appointment_id, cl.patient_responsibility
                from claim cl join visits v on v.id = cl.appointment_id
                where cl.status <> 'void' and cl.patient_responsibility is not null
                order by cl.appointment_id, cl.updated_at desc),
            charged as (
                select vc.appointment_id, coalesce(ad.patient_responsibility, vc.amount) as owed
                from visit_charge vc join visits v on v.id = vc.appointment_id
                left join adjudicated ad on ad.appointment_id = vc.appointment_id
                where vc.cancelled_at is null)
            select
                (select coalesce(json_object_agg(status, n), '{}')::text
                 from (select status, count(*) as n from visits group by status) x),
                (select count(*) from due where status = 'noshow'),
                (select count(*) from due),
                (select count(*) from visits v join changes c on c.appointment_id = v.id
                 where v.status = 'cancelled' and c.cancelled_same_day),
                (select count(*) from changes where checked_in >= arrived),
                (select avg(extract(epoch from checked_in - arrived) / 60) from changes where checked_in >= arrived),
                (select count(*) from insured),
                (select count(*) from checked),
                (select count(first_queued) from claim_changes),
                (select count(*) from answered),
                (select count(*) from answered a left join claim_changes ch on ch.claim_id = a.claim_id
                 where not coalesce(ch.rejected, false)),
                (select avg(((ch.first_queued at time zone ?4)::date - o.date_of_service)::numeric)
                 from originals o join claim_changes ch on ch.claim_id = o.id where ch.first_queued is not null),
                (select coalesce(sum(owed), 0) from charged),
                (select coalesce(sum(p.signed_amount), 0)
                 from payment p join charged c on c.appointment_id = p.appointment_id)
            """;

    private static final String TAKINGS = """
            select coalesce(sum(case when method = 'cash' then signed end), 0),
                   coalesce(sum(case when method = 'card' then signed end), 0),
                   coalesce(sum(case when method = 'check' then signed end), 0),
                   coalesce(sum(signed), 0)
            from (select method, signed_amount as signed from payment
                  where location_id = ?1 and business_date between ?2 and ?3) p""";

    @Inject EntityManager em;
    @Inject PaymentsConfig payments;
    @Inject CoverageConfig coverage;
    @Inject ObjectMapper json;
    @Inject SchedulingSetupService setup;

    public DeskReport desk(UUID locationId, LocalDate from, LocalDate to) {
        if (locationId == null) {
            throw ProblemException.badRequest("/locationId", "is required");
        }
        if (from == null || to == null) {
            throw ProblemException.badRequest(from == null ? "/from" : "/to", "is required (a date, e.g. 2026-11-02)");
        }
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("/to", "is before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw ProblemException.badRequest("/to", "a report covers at most " + MAX_DAYS + " days");
        }
        Location location = setup.location(locationId);
        ZoneId zone = location.zone();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        int days = coverage.eligibilityFreshDays();
        Object[] f = row(FIGURES, locationId, start, end, zone.getId(), days);
        Object[] taken = row(TAKINGS, locationId, from, to);

        Map<String, Long> byStatus = new TreeMap<>();
        try {
            json.readTree((String) f[0]).fields().forEachRemaining(e -> byStatus.put(e.getKey(), e.getValue().asLong()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        BigDecimal due = money((BigDecimal) f[12]);
        BigDecimal collected = money((BigDecimal) f[13]);
        return new DeskReport(locationId, from, to, zone.getId(),
                new DeskReport.Appointments(total, byStatus),
                new DeskReport.NoShows(number(f[1]), number(f[2]), rate(number(f[1]), number(f[2]))),
                number(f[3]),
                new DeskReport.Waits(number(f[4]), decimal(f[5])),
                new DeskReport.Eligibility(number(f[6]), number(f[7]), rate(number(f[7]), number(f[6])), days),
                new DeskReport.Claims(number(f[8]), number(f[9]), number(f[10]), rate(number(f[10]), number(f[9])),
                        decimal(f[11])),
                new DeskReport.Money(payments.currency(), due, collected,
                        due.signum() == 0 ? null : collected.divide(due, 4, RoundingMode.HALF_UP),
                        money((BigDecimal) taken[0]), money((BigDecimal) taken[1]), money((BigDecimal) taken[2]),
                        money((BigDecimal) taken[3])));
    }

    private static BigDecimal decimal(Object o) {
        return o == null ? null : new BigDecimal(o.toString()).setScale(2, RoundingMode.HALF_UP);
    }

    private Query query(String sql, Object... params) {
        Query q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q;
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
