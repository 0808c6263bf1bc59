package org.frontdesk.reception.scheduling;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.frontdesk.reception.fhir.R4Validator;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FHIR Schedule and Slot: derived from hours and appointments, a slot's status follows its bookings. */
@QuarkusTest
class ScheduleSlotFhirTest {

    @Test
    void aSlotReadsBusyOnceBookedAndFreeAfterCancellation() {
        BookingTest.Setup s = BookingTest.clinic(30, 0, 0);
        String code = given().auth().oauth2(Tokens.admin()).when().get("/api/v1/visit-types").then().extract()
                .jsonPath().getString("find { it.id == '" + s.type() + "' }.code");
        LocalDate day = BookingTest.aWeekAhead();

        String schedules = given().queryParam("actor", "Practitioner/" + s.practitioner()).when().get("/fhir/Schedule")
                .then().statusCode(200).body("total", equalTo(1))
                .body("entry[0].resource.active", equalTo(true))
                .body("entry[0].resource.actor.reference", hasItems("Practitioner/" + s.practitioner(),
                        "Location/" + s.location()))
                .extract().asString();
        String schedule = JsonPath.from(schedules).getString("entry[0].resource.id");
        assertValid(given().when().get("/fhir/Schedule/" + schedule).then().statusCode(200).extract().asString());
        given().queryParam("actor", "Location/" + s.location()).when().get("/fhir/Schedule").then()
                .body("total", equalTo(1)).body("entry[0].resource.id", equalTo(schedule));

        // The clinic's hours are 08:00-12:00 New York time: eight 30-minute slots.
        String free = slots(schedule, day, "appointment-type", code).then().statusCode(200)
                .body("total", equalTo(8)).extract().asString();
        JsonPath freeSlots = JsonPath.from(free);
        assertEquals(BookingTest.at(day, 8, 0), instant(freeSlots.getString("entry[0].resource.start")));
        assertTrue(freeSlots.getList("entry.resource.status").stream().allMatch("free"::equals));
        assertEquals(code, freeSlots.getString("entry[0].resource.appointmentType.coding[0].code"));
        assertValid(free);
        String nineOClock = freeSlots.getString("entry[2].resource.id");
        assertEquals(BookingTest.at(day, 9, 0), instant(freeSlots.getString("entry[2].resource.start")));

        String appointment = BookingTest.book(Scheduling.booking(Scheduling.patient(), s.practitioner(), s.location(),
                s.type(), BookingTest.at(day, 9, 0))).then().statusCode(201).extract().path("id");
        given().when().get("/fhir/Slot/" + nineOClock).then().statusCode(200).body("status", equalTo("busy"))
                .body("schedule.reference", equalTo("Schedule/" + schedule));
        slots(schedule, day, "appointment-type", code).then().body("total", equalTo(8))
                .body("entry.findAll { it.resource.status == 'free' }.size()", equalTo(7))
                .body("entry.find { it.resource.status == 'busy' }.resource.id", equalTo(nineOClock));
        // Without a visit type, free time comes as the longest stretches around the booking.
        slots(schedule, day).then().body("entry.resource.status", equalTo(List.of("free", "busy", "free")));

        given().contentType(ContentType.JSON).body(Map.of("reason", "patient asked"))
                .when().post("/api/v1/appointments/" + appointment + "/cancel").then().statusCode(200);
        given().when().get("/fhir/Slot/" + nineOClock).then().statusCode(200).body("status", equalTo("free"));
        slots(schedule, day).then().body("entry.resource.status", equalTo(List.of("free")));

        // A hold makes its slot tentatively busy; time outside the hours is unavailable.
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("practitionerId", s.practitioner(), "locationId", s.location(), "visitTypeId", s.type(),
                        "start", BookingTest.at(day, 9, 0))).when().post("/api/v1/holds").then().statusCode(201);
        given().when().get("/fhir/Slot/" + nineOClock).then().body("status", equalTo("busy-tentative"));
        slots(schedule, day, "status", "busy-tentative").then().body("total", equalTo(1))
                .body("entry[0].resource.id", equalTo(nineOClock));
        String afternoon = schedule + "." + Instant.parse(BookingTest.at(day, 13, 0)).getEpochSecond() + "."
                + Instant.parse(BookingTest.at(day, 13, 30)).getEpochSecond();
        given().when().get("/fhir/Slot/" + afternoon).then().statusCode(200).body("status", equalTo("busy-unavailable"));
    }

    @Test
    void badSlotAndScheduleRequestsGetOperationOutcomes() {
        given().when().get("/fhir/Slot").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("schedule"));
        BookingTest.Setup s = BookingTest.clinic(30, 0, 0);
        String schedule = given().queryParam("actor", "Practitioner/" + s.practitioner()).when().get("/fhir/Schedule")
                .then().extract().path("entry[0].resource.id");
        slots(schedule, BookingTest.aWeekAhead(), "status", "sleeping").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        slots(schedule, BookingTest.aWeekAhead(), "appointment-type", "NO-SUCH-TYPE").then().statusCode(400);
        given().queryParam("schedule", "Schedule/" + schedule).queryParam("start", "ge2026-01-01")
                .queryParam("start", "lt2028-01-01").when().get("/fhir/Slot").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("days"));
        given().queryParam("schedule", "Schedule/" + schedule).queryParam("start", "ge2026-13-45T99:00:00Z")
                .when().get("/fhir/Slot").then().statusCode(400);
        given().when().get("/fhir/Slot/not-a-slot").then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
        given().when().get("/fhir/Slot/" + UUID.randomUUID() + ".1900000000.1900001800").then().statusCode(404);
        given().when().get("/fhir/Slot/" + schedule + ".1900001800.1900000000").then().statusCode(404);
        given().when().get("/fhir/Schedule/" + UUID.randomUUID()).then().statusCode(404);
        given().queryParam("actor", "Patient/x").when().get("/fhir/Schedule").then().statusCode(400);
        given().queryParam("schedule", "Schedule/" + UUID.randomUUID()).when().get("/fhir/Slot").then()
                .statusCode(200).body("total", equalTo(0));
    }

    private static io.restassured.response.Response slots(String schedule, LocalDate day, String... more) {
        var request = given().queryParam("schedule", "Schedule/" + schedule)
                .queryParam("start", "ge" + BookingTest.at(day, 0, 0))
                .queryParam("start", "lt" + BookingTest.at(day.plusDays(1), 0, 0));
        for (int i = 0; i < more.length; i += 2) {
            request = request.queryParam(more[i], more[i + 1]);
        }
        return request.when().get("/fhir/Slot");
    }

    private static String instant(String fhirDateTime) {
        return java.time.OffsetDateTime.parse(fhirDateTime).toInstant().toString();
    }

    private static void assertValid(String json) {
        List<String> errors = R4Validator.errors(json);
        assertTrue(errors.isEmpty(), "not valid R4: " + errors);
    }
}
