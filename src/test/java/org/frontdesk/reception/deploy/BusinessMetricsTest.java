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
import static org.hamcrest.Matchers.containsString;

/** What operators watch on /q/metrics: bookings, visits' status changes, money taken, claims by status, the claim outbox. */
@QuarkusTest
class BusinessMetricsTest {

    @Test
    void bookingsClaimsAndTheOutboxAreExported() {
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
        given().header(DefaultTokens.ANONYMOUS, "1").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("reception_bookings_total{kind=\"booked\"}"))
                .body(containsString("reception_claims{status=\"draft\"}"))
                .body(containsString("reception_claim_outbox_depth"))
                .body(containsString("reception_claim_outbox_oldest_age_seconds"))
                .body(containsString("reception_appointment_status_changes_total{to=\"arrived\"}"))
                .body(containsString("reception_reminders_overdue"))
                .body(containsString("reception_payments_amount_total{currency=\"USD\",kind=\"payment\",method=\"cash\"}"));
    }
}
