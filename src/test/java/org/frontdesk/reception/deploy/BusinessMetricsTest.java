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

/** What operators watch on /q/metrics: bookings, claims by status, the claim outbox. */
@QuarkusTest
class BusinessMetricsTest {

    @Test
    void bookingsClaimsAndTheOutboxAreExported() {
        String location = Scheduling.location("America/New_York");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "08:00", "12:00");
        String start = ZonedDateTime.of(LocalDate.now(ZoneId.of("America/New_York")).plusDays(5), LocalTime.of(9, 0),
                ZoneId.of("America/New_York")).toInstant().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(Scheduling.patient(), practitioner, location, Scheduling.visitType(30, 0, 0), start))
                .when().post("/api/v1/appointments").then().statusCode(201);
        given().header(DefaultTokens.ANONYMOUS, "1").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("reception_bookings_total{kind=\"booked\"}"))
                .body(containsString("reception_claims{status=\"draft\"}"))
                .body(containsString("reception_claim_outbox_depth"))
                .body(containsString("reception_claim_outbox_oldest_age_seconds"));
    }
}
