package org.frontdesk.reception.scheduling;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.ConfigProvider;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.Sql;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bookings read practitioners, locations, visit types and hours from the reference cache. A change
 * made through this instance counts at once; one made elsewhere (another instance, or by hand in
 * the database) counts within the cache's time to live, never later.
 */
@QuarkusTest
class ReferenceCacheTest {

    @Inject EntityManager em;

    @Test
    void hoursChangedHereCountAtOnceAndChangedElsewhereWithinTheTimeToLive() throws Exception {
        Duration ttl = ConfigProvider.getConfig().getValue("reception.reference-cache.ttl", Duration.class);
        assertTrue(ttl.compareTo(Duration.ZERO) > 0 && ttl.compareTo(Duration.ofSeconds(5)) <= 0,
                "the test profile runs with the cache on: " + ttl);
        String location = Scheduling.location("UTC");
        String practitioner = Scheduling.practitioner();
        String type = Scheduling.visitType(30, 0, 0);
        Scheduling.everyDay(practitioner, location, "08:00", "10:00");
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(3);

        // outside the hours: refused (and the hours are now cached)
        book(practitioner, location, type, day, "11:00").then().statusCode(422);

        // hours added here: the next booking sees them at once
        Scheduling.everyDay(practitioner, location, "10:00", "12:00");
        book(practitioner, location, type, day, "11:00").then().statusCode(201);

        // hours removed elsewhere (straight in the database, as another instance would): seen within the TTL
        Sql.run(em, "delete from availability_template where practitioner_id = ?1 and start_time = time '10:00'",
                UUID.fromString(practitioner));
        Thread.sleep(ttl.toMillis() + 250);
        book(practitioner, location, type, day.plusDays(1), "11:00").then().statusCode(422);
        book(practitioner, location, type, day.plusDays(1), "09:00").then().statusCode(201);
    }

    private static io.restassured.response.Response book(String practitioner, String location, String type,
                                                         LocalDate day, String time) {
        return given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(Scheduling.patient(), practitioner, location, type, day + "T" + time + ":00Z"))
                .when().post("/api/v1/appointments");
    }
}
