package org.frontdesk.reception.reports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Every figure of the desk report against one seeded day whose answers are worked out by hand
 * below. The day (Monday 2026-10-05, New York) is written straight into the database, with the
 * times each thing happened, since the API only books the future and stamps changes with now.
 */
@QuarkusTest
class ReportsTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final LocalDate DAY = LocalDate.of(2026, 10, 5);

    @Inject
    EntityManager em;

    private String location;
    private String otherLocation;
    private String practitioner;
    private String type;
    private String payer;

    @BeforeEach
    void setUp() {
        location = Scheduling.location(NY.getId());
        otherLocation = Scheduling.location(NY.getId());
        practitioner = Scheduling.practitioner();
        type = Scheduling.visitType(20, 0, 0);
        payer = Coverages.payer("commercial");
    }

    private static java.time.Instant at(LocalDate day, int hour, int minute) {
        return LocalDateTime.of(day, java.time.LocalTime.of(hour, minute)).atZone(NY).toInstant();
    }

    private String insured() {
        String patient = Coverages.patient();
        Coverages.added(patient, Coverages.coverage(payer, "MEM-R-" + UUID.randomUUID().toString().substring(0, 6), "primary"));
        return patient;
    }

    private void sql(String sql, Object... params) {
        Sql.run(em, sql, params);
    }

    /** A visit at the day's hh:mm, its status now, and its history as (status, day, hour, minute) steps. */
    private UUID visit(String loc, String patient, int hour, int minute, String status, Object[]... history) {
        UUID id = UUID.randomUUID();
        var start = at(DAY, hour, minute);
        var end = start.plusSeconds(20 * 60);
        sql("""
                insert into appointment (id, patient_id, practitioner_id, location_id, visit_type_id, status, starts_at, ends_at,
                                         busy_start, busy_end, cancellation_reason, created_at, updated_at, created_by, updated_by)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8, ?9, ?10, ?10, 'seed', 'seed')""",
                id, UUID.fromString(patient), UUID.fromString(practitioner), UUID.fromString(loc), UUID.fromString(type),
                status, start, end, status.equals("cancelled") || status.equals("noshow") ? "seeded" : null,
                at(DAY.minusDays(10), 9, 0));
        String from = null;
        for (Object[] step : history) {
            sql("""
                    insert into appointment_status_change (appointment_id, from_status, to_status, changed_at, changed_by)
                    values (?1, ?2, ?3, ?4, 'seed')""", id, from, step[0], at((LocalDate) step[1], (int) step[2], (int) step[3]));
            from = (String) step[0];
        }
        return id;
    }

    private static Object[] step(String status, LocalDate day, int hour, int minute) {
        return new Object[] {status, day, hour, minute};
    }

    private static Object[] booked() {
        return step("booked", DAY.minusDays(10), 9, 0);
    }

    private void charge(UUID visit, String patient, String kind, String amount) {
        sql("""
                insert into visit_charge (appointment_id, patient_id, kind, amount, currency, source, posted_at)
                values (?1, ?2, ?3, cast(?4 as numeric), 'USD', 'seed', ?5)""",
                visit, UUID.fromString(patient), kind, amount, at(DAY, 8, 0));
    }

    private void payment(UUID visit, String patient, String method, String amount) {
        sql("""
                insert into payment (id, kind, patient_id, appointment_id, location_id, business_date, drawer, method, amount,
                                     currency, card_last4, processor_reference, taken_at, taken_by)
                values (?1, 'payment', ?2, ?3, ?4, ?5, 'seed-desk', ?6, cast(?7 as numeric), 'USD', ?8, ?9, ?10, 'seed-desk')""",
                UUID.randomUUID(), UUID.fromString(patient), visit, UUID.fromString(location), DAY, method, amount,
                method.equals("card") ? "4242" : null, method.equals("card") ? "ch_seed" : null, at(DAY, 9, 0));
    }

    private void eligibilityChecked(String patient, LocalDate day) {
        sql("""
                insert into eligibility_check (id, coverage_id, benefit_category, service_date, state, result, attempts,
                                               requested_at, completed_at, requested_by, request_json)
                select ?1, c.id, '98', ?2, 'complete', 'active', 1, ?3, ?3, 'seed', '{}' from coverage c where c.patient_id = ?4""",
                UUID.randomUUID(), DAY, at(day, 12, 0), UUID.fromString(patient));
    }

    private void claim(UUID visit, String patient, LocalDate queued, boolean rejectedFirst, String patientPays) {
        claim(visit, patient, queued, rejectedFirst, patientPays, rejectedFirst ? "error" : "complete");
    }

    private void claim(UUID visit, String patient, LocalDate queued, boolean rejectedFirst, String patientPays,
                       String outcome) {
        UUID id = UUID.randomUUID();
        sql("""
                insert into claim (id, appointment_id, patient_id, coverage_id, payer_id, billing_npi, place_of_service,
                                   date_of_service, status, submission, patient_responsibility, created_at, updated_at,
                                   created_by, updated_by)
                select ?1, ?2, ?3, c.id, c.payer_id, '1234567893', '11', ?4, ?5, ?6, cast(?8 as numeric), ?7, ?7, 'seed', 'seed'
                from coverage c where c.patient_id = ?3""",
                id, visit, UUID.fromString(patient), DAY, rejectedFirst ? "accepted" : "paid", rejectedFirst ? 2 : 1,
                at(queued, 9, 0), patientPays);
        sql("""
                insert into claim_status_change (claim_id, from_status, to_status, changed_at, changed_by)
                values (?1, 'ready', 'queued', ?2, 'seed')""", id, at(queued, 10, 0));
        if (rejectedFirst) {
            sql("""
                    insert into claim_status_change (claim_id, from_status, to_status, changed_at, changed_by)
                    values (?1, 'queued', 'rejected', ?2, 'seed')""", id, at(queued.plusDays(1), 10, 0));
        }
        sql("""
                insert into claim_response (id, claim_id, received_at, source, outcome, payload)
                values (?1, ?2, ?3, 'sync', ?4, '{}')""", UUID.randomUUID(), id, at(queued, 10, 1), outcome);
    }

    @Test
    void everyFigureMatchesTheSeededDayWorkedOutByHand() {
        // A 09:00 fulfilled: arrived 08:50, checked in 09:05 (15 min); copay 25 paid 25 cash; eligibility
        //   checked 2 days before; claim queued 10-07 (2 days), accepted first time; the insurer says the patient
        //   owes 30, which replaces the copay as what is due
        String a = insured();
        UUID va = visit(location, a, 9, 0, "fulfilled", booked(), step("arrived", DAY, 8, 50),
                step("checked-in", DAY, 9, 5), step("fulfilled", DAY, 9, 40));
        charge(va, a, "copay", "25.00");
        payment(va, a, "cash", "25.00");
        eligibilityChecked(a, DAY.minusDays(2));
        claim(va, a, DAY.plusDays(2), false, "30.00");
        // B 09:30 fulfilled: arrived 09:20, checked in 09:45 (25 min); copay 40 paid 20 by card; never checked;
        //   claim queued 10-09 (4 days), rejected first
        String b = insured();
        UUID vb = visit(location, b, 9, 30, "fulfilled", booked(), step("arrived", DAY, 9, 20),
                step("checked-in", DAY, 9, 45), step("fulfilled", DAY, 10, 20));
        charge(vb, b, "copay", "40.00");
        payment(vb, b, "card", "20.00");
        claim(vb, b, DAY.plusDays(4), true, null);
        // C 10:00 no-show, insured, eligibility checked the day before
        String c = insured();
        UUID vc = visit(location, c, 10, 0, "noshow", booked(), step("noshow", DAY, 10, 30));
        eligibilityChecked(c, DAY.minusDays(1));
        // (C's coverage has ended since, on 10-20: it was in force on the visit day, so C counts as insured)
        sql("update coverage set status = 'cancelled', period_end = ?1 where patient_id = ?2", DAY.plusDays(15),
                UUID.fromString(c));
        // (a claim queued 10-06 that the insurer has only acknowledged: submitted, not answered)
        claim(vc, c, DAY.plusDays(1), false, null, "queued");
        // D 10:30 cancelled that morning (same day); E 11:00 cancelled two days before
        visit(location, insured(), 10, 30, "cancelled", booked(), step("cancelled", DAY, 7, 0));
        visit(location, insured(), 11, 0, "cancelled", booked(), step("cancelled", DAY.minusDays(2), 15, 0));
        // F 11:30 checked in: arrived 11:25, checked in 11:35 (10 min); self-pay 150, nothing paid; no coverage
        String f = Coverages.patient();
        UUID vf = visit(location, f, 11, 30, "checked-in", booked(), step("arrived", DAY, 11, 25),
                step("checked-in", DAY, 11, 35));
        charge(vf, f, "self-pay", "150.00");
        // G a hold that expired (never booked); H a visit at another location: neither counts
        visit(location, Coverages.patient(), 12, 0, "cancelled", step("pending", DAY.minusDays(1), 9, 0),
                step("cancelled", DAY.minusDays(1), 9, 5));
        visit(otherLocation, insured(), 12, 30, "noshow", booked(), step("noshow", DAY, 13, 0));
        // X 12:30 moved that morning to Y 13:00, which was fulfilled: the move is neither a visit nor a cancellation
        String moved = Coverages.patient();
        UUID x = visit(location, moved, 12, 30, "cancelled", booked(), step("cancelled", DAY, 8, 0));
        sql("update appointment set cancellation_reason = 'rescheduled' where id = ?1", x);
        sql("update appointment_status_change set reason = 'rescheduled' where appointment_id = ?1 and to_status = 'cancelled'", x);
        UUID y = visit(location, moved, 13, 0, "fulfilled", step("booked", DAY, 8, 0), step("fulfilled", DAY, 13, 30));
        sql("update appointment set rescheduled_from = ?1 where id = ?2", x, y);

        given().auth().oauth2(Tokens.admin()).queryParam("locationId", location).queryParam("from", DAY.toString())
                .queryParam("to", DAY.toString()).when().get("/api/v1/reports/desk").then().statusCode(200)
                .body("appointments.total", equalTo(7))
                .body("appointments.byStatus.fulfilled", equalTo(3))
                .body("appointments.byStatus.noshow", equalTo(1))
                .body("appointments.byStatus.cancelled", equalTo(2))
                .body("appointments.byStatus.checked-in", equalTo(1))
                // due visits A B C F Y; one no-show: 1/5
                .body("noShows.noShows", equalTo(1)).body("noShows.dueVisits", equalTo(5))
                .body("noShows.rate", equalTo(0.2f))
                .body("sameDayCancellations", equalTo(1))
                // (15 + 25 + 10) / 3 = 16.67
                .body("waits.visitsMeasured", equalTo(3)).body("waits.averageMinutes", equalTo(16.67f))
                // insured due visits A B C; checked within 3 days before: A C
                .body("eligibility.insuredVisits", equalTo(3)).body("eligibility.checkedBefore", equalTo(2))
                .body("eligibility.rate", equalTo(0.6667f))
                // claims A B C submitted; A B answered (C only acknowledged); A accepted first pass; (2 + 4 + 1) / 3 days
                .body("claims.submitted", equalTo(3)).body("claims.answered", equalTo(2))
                .body("claims.acceptedFirstPass", equalTo(1)).body("claims.firstPassRate", equalTo(0.5f))
                .body("claims.averageDaysVisitToSubmission", equalTo(2.33f))
                // due 30 (adjudicated) + 40 + 150 = 220; collected 25 + 20 = 45; 45 / 220 = 0.2045
                .body("payments.due", equalTo(220.0f)).body("payments.collected", equalTo(45.0f))
                .body("payments.collectionRate", equalTo(0.2045f))
                .body("payments.takenCash", equalTo(25.0f)).body("payments.takenCard", equalTo(20.0f))
                .body("payments.takenTotal", equalTo(45.0f));

        String csv = given().auth().oauth2(Tokens.billing()).accept("text/csv").queryParam("locationId", location)
                .queryParam("from", DAY.toString()).queryParam("to", DAY.toString())
                .when().get("/api/v1/reports/desk").then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("desk-2026-10-05-2026-10-05.csv"))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(csv.startsWith("figure,value\r\n"), csv);
        for (String line : new String[] {"appointments_total,7", "no_show_rate,0.2000", "same_day_cancellations,1",
                "average_wait_minutes,16.67", "eligibility_checked_rate,0.6667", "claims_first_pass_rate,0.5000",
                "average_days_visit_to_submission,2.33", "charges_due,220.00", "collection_rate,0.2045",
                "appointments_checked_in,1"}) {
            org.junit.jupiter.api.Assertions.assertTrue(csv.contains(line + "\r\n"), line + " not in\n" + csv);
        }
    }

    @Test
    void anEmptyRangeHasNoRatesAndBadRangesAre400() {
        given().auth().oauth2(Tokens.admin()).queryParam("locationId", location).queryParam("from", "2026-01-01")
                .queryParam("to", "2026-01-31").when().get("/api/v1/reports/desk").then().statusCode(200)
                .body("appointments.total", equalTo(0)).body("noShows.rate", nullValue())
                .body("claims.firstPassRate", nullValue()).body("payments.collectionRate", nullValue());
        given().auth().oauth2(Tokens.admin()).queryParam("locationId", location).queryParam("from", "2026-02-01")
                .queryParam("to", "2026-01-01").when().get("/api/v1/reports/desk").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).queryParam("locationId", location).queryParam("from", "2024-01-01")
                .queryParam("to", "2026-01-01").when().get("/api/v1/reports/desk").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("locationId", location).queryParam("from", "2026-01-01")
                .when().get("/api/v1/reports/desk").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("locationId", UUID.randomUUID()).queryParam("from", "2026-01-01")
                .queryParam("to", "2026-01-02").when().get("/api/v1/reports/desk").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).queryParam("locationId", location).queryParam("from", "2026-01-01")
                .queryParam("to", "2026-01-02").queryParam("format", "xlsx").when().get("/api/v1/reports/desk").then()
                .statusCode(400);
        given().auth().oauth2(Tokens.frontDesk()).queryParam("locationId", location).queryParam("from", "2026-01-01")
                .queryParam("to", "2026-01-02").when().get("/api/v1/reports/desk").then().statusCode(403);
    }
}
