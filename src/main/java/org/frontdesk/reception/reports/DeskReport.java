package org.frontdesk.reception.reports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A location's figures over a date range (both ends included, days of the location's zone). Rates
 * are fractions (0.25 = 25 %) with four decimals, null when there is nothing to divide by.
 */
record DeskReport(UUID locationId, LocalDate from, LocalDate to, String timeZone, Appointments appointments,
                         NoShows noShows, long sameDayCancellations, Waits waits, Eligibility eligibility,
                         Claims claims, Money payments) {

    /** Visits booked at the location in the range (holds never booked are left out), by status now. */
    public record Appointments(long total, Map<String, Long> byStatus) {
    }

    /** No-shows among the visits that were due (arrived, checked in, fulfilled or no-show). */
    public record NoShows(long noShows, long dueVisits, BigDecimal rate) {
    }

    /** Minutes from the patient's arrival at the desk to check-in (ready to be seen). */
    public record Waits(long visitsMeasured, BigDecimal averageMinutes) {
    }

    /** Due visits of insured patients, and how many had an eligibility answer in the days before. */
    public record Eligibility(long insuredVisits, long checkedBefore, BigDecimal rate, int withinDays) {
    }

    /** Original claims of these visits: submitted, answered, accepted without a rejection, days to submission. */
    public record Claims(long submitted, long answered, long acceptedFirstPass, BigDecimal firstPassRate,
                         BigDecimal averageDaysVisitToSubmission) {
    }

    /**
     * What the patients owe for these visits (the desk charge, or the insurer's patient
     * responsibility once adjudicated; cancelled charges left out) and what was paid against
     * those; the location's takings by method in the range.
     */
    public record Money(String currency, BigDecimal due, BigDecimal collected, BigDecimal collectionRate,
                        BigDecimal takenCash, BigDecimal takenCard, BigDecimal takenCheck, BigDecimal takenTotal) {
    }

    /** The figures as name, value pairs in a stable order (the CSV). */
    public Map<String, Object> flat() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location_id", locationId);
        m.put("from", from);
        m.put("to", to);
        m.put("time_zone", timeZone);
        m.put("appointments_total", appointments.total());
        appointments.byStatus().forEach((status, n) -> m.put("appointments_" + status.replace('-', '_'), n));
        m.put("no_shows", noShows.noShows());
        m.put("due_visits", noShows.dueVisits());
        m.put("no_show_rate", noShows.rate());
        m.put("same_day_cancellations", sameDayCancellations);
        m.put("waits_measured", waits.visitsMeasured());
        m.put("average_wait_minutes", waits.averageMinutes());
        m.put("insured_due_visits", eligibility.insuredVisits());
        m.put("eligibility_checked_before", eligibility.checkedBefore());
        m.put("eligibility_checked_rate", eligibility.rate());
        m.put("claims_submitted", claims.submitted());
        m.put("claims_answered", claims.answered());
        m.put("claims_accepted_first_pass", claims.acceptedFirstPass());
        m.put("claims_first_pass_rate", claims.firstPassRate());
        m.put("average_days_visit_to_submission", claims.averageDaysVisitToSubmission());
        m.put("currency", payments.currency());
        m.put("charges_due", payments.due());
        m.put("collected_against_charges", payments.collected());
        m.put("collection_rate", payments.collectionRate());
        m.put("taken_cash", payments.takenCash());
        m.put("taken_card", payments.takenCard());
        m.put("taken_check", payments.takenCheck());
        m.put("taken_total", payments.takenTotal());
        return m;
    }
}
