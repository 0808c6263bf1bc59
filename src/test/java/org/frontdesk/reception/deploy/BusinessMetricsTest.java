package org.frontdesk.reception.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.DefaultTokens;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** What operators watch on /q/metrics: bookings, visits' status changes, money taken, and the database gauges. */
@QuarkusTest
class BusinessMetricsTest {

    private static final String BOOKED = "reception_bookings_total{kind=\"booked\"}";
    private static final String ARRIVED = "reception_appointment_status_changes_total{to=\"arrived\"}";
    private static final String CASH = "reception_payments_amount_total{currency=\"USD\",kind=\"payment\",method=\"cash\"}";

    private static String metrics() {
        return given().header(DefaultTokens.ANONYMOUS, "1").when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
    }

    /** A counter's value in a scrape, 0 when it has not been counted yet. */
    private static double value(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(
                series.length() + 1).trim())).findFirst().orElse(0);
    }

    @Test
    void bookingsClaimsAndTheOutboxAreExported() {
        String before = metrics();
        String location = Scheduling.location("America/New_York");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "08:00", "12:00");
        String start = ZonedDateTime.of(LocalDate.now(ZoneId.of("America/New_York")).plusDays(5), LocalTime.of(9, 0),
                ZoneId.of("America/New_York")).toInstant().toString();
        String patient = Scheduling.patient();
        String appointment = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(patient, practitioner, location, Scheduling.visitType(30, 0, 0), start))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().path("id");
        given().when().post("/api/v1/appointments/" + appointment + "/arrive").then().statusCode(200);
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(java.util.Map.of("patientId", patient, "appointmentId", appointment, "method", "cash", "amount", "12.50"))
                .when().post("/api/v1/payments").then().statusCode(201);
        String after = metrics();
        // this booking, arrival and payment were counted (other tests may count too, so at least)
        org.junit.jupiter.api.Assertions.assertTrue(value(after, BOOKED) >= value(before, BOOKED) + 1, BOOKED);
        org.junit.jupiter.api.Assertions.assertTrue(value(after, ARRIVED) >= value(before, ARRIVED) + 1, ARRIVED);
        org.junit.jupiter.api.Assertions.assertTrue(value(after, CASH) >= value(before, CASH) + 12.5, CASH);
        // gauges read from the database answer with numbers (NaN is a query that failed); the claim
        // gauges are followed through a claim's life in ClaimsTest
        for (String gauge : new String[] {"reception_claims{status=\"draft\"}", "reception_claim_outbox_depth",
                "reception_claim_outbox_oldest_age_seconds", "reception_reminders_overdue", "reception_reminders_pending"}) {
            double v = value(after, gauge);
            org.junit.jupiter.api.Assertions.assertTrue(v >= 0 && after.contains(gauge + " "), gauge + " = " + v);
        }
    }
}
