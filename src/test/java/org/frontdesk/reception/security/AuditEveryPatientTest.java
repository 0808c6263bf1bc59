package org.frontdesk.reception.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.scheduling.Scheduling;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every read of patient data leaves a trace an auditor finds by that patient, on each feature
 * and face: searches and Bundles name every patient they returned, not only the first.
 */
@QuarkusTest
class AuditEveryPatientTest {

    private static final ZoneId ZONE = ZoneId.of("America/Chicago");

    /** The audit records of a patient, as "resourceType action status". */
    private static List<String> trail(String patient) {
        List<Map<String, Object>> items = given().auth().oauth2(Tokens.admin()).queryParam("patient", patient)
                .queryParam("size", 500).when().get("/api/v1/audit").then().statusCode(200).extract().path("items");
        return items.stream().map(i -> i.get("resourceType") + " " + i.get("action") + " " + i.get("status")).toList();
    }

    private static void traced(String patient, String expected) {
        List<String> records = trail(patient);
        assertTrue(records.contains(expected), "no '" + expected + "' for patient " + patient + " in " + records);
    }

    private static String appointment(String patient) {
        String location = Scheduling.location(ZONE.getId());
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "07:00", "19:00");
        String type = Scheduling.visitType(15, 0, 0);
        String start = ZonedDateTime.of(LocalDate.now(ZONE).plusDays(2), LocalTime.of(9, 0), ZONE).toInstant().toString();
        return given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(patient, practitioner, location, type, start))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().path("id");
    }

    @Test
    void aFhirSearchNamesEveryPatientItReturned() {
        String family = "Aud" + UUID.randomUUID().toString().substring(0, 6);
        String first = given().contentType("application/fhir+json").body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\""
                + family + "\"}],\"birthDate\":\"1970-01-01\"}").when().post("/fhir/Patient").then().statusCode(201)
                .extract().path("id");
        String second = given().contentType("application/fhir+json").body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\""
                + family + "\"}],\"birthDate\":\"1980-01-01\"}").when().post("/fhir/Patient").then().statusCode(201)
                .extract().path("id");
        given().when().get("/fhir/Patient?family=" + family).then().statusCode(200);
        traced(first, "Patient search 200");
        traced(second, "Patient search 200");
        // and a batch reading both: each entry traced to its patient
        given().contentType("application/fhir+json").body("""
                {"resourceType":"Bundle","type":"batch","entry":[{"request":{"method":"GET","url":"Patient/%s"}},
                 {"request":{"method":"GET","url":"Patient/%s"}}]}""".formatted(first, second))
                .when().post("/fhir").then().statusCode(200);
        traced(first, "Patient read 200");
        traced(second, "Patient read 200");
    }

    @Test
    void readsOfVisitsCoveragesAndClaimsNameTheirPatient() {
        String patient = Scheduling.patient();
        String visit = appointment(patient);
        given().when().get("/fhir/Appointment/" + visit).then().statusCode(200);
        traced(patient, "Appointment read 200");
        given().when().get("/fhir/Appointment?_id=" + visit).then().statusCode(200);
        traced(patient, "Appointment search 200");
        String coverage = Coverages.added(patient, Coverages.coverage(Coverages.payer("commercial"), "AUD-1", "primary"));
        given().when().get("/fhir/Coverage/" + coverage).then().statusCode(200);
        traced(patient, "Coverage read 200");
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + visit + "/reminders").then()
                .statusCode(200);
        traced(patient, "Appointment read 200");
    }

    @Test
    void theClaimListAndAScrubNameTheirPatients() {
        String patient = Coverages.patient();
        String coverage = Coverages.added(patient, Coverages.coverage(Coverages.payer("commercial"), "AUD-2", "primary"));
        String claim = given().contentType("application/fhir+json").body("""
                {"resourceType":"Claim","status":"active","identifier":[{"system":"urn:audit","value":"%s"}],
                 "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
                 "use":"claim","patient":{"reference":"Patient/%s"},"created":"2026-11-01","provider":{"display":"EHR"},
                 "priority":{"coding":[{"code":"normal"}]},
                 "insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/%s"}}],
                 "item":[{"sequence":1,"productOrService":{"coding":[{"code":"99213"}]},"servicedDate":"2026-11-01",
                          "net":{"value":80.00,"currency":"USD"}}]}""".formatted(UUID.randomUUID(), patient, coverage))
                .when().post("/fhir/Claim").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/claims?limit=200").then().statusCode(200);
        traced(patient, "Claim search 200");
        given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + claim + "/scrub").then().statusCode(200);
        traced(patient, "Claim execute 200");
    }
}
