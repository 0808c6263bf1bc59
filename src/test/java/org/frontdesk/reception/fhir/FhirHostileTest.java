package org.frontdesk.reception.fhir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * What a hostile or careless caller of the FHIR face tries, found by reading the engine as an
 * attacker would: values that once failed with a 500, probes a create-only token could make,
 * a hold booked by someone who did not make it, Bundles that change one record twice, and
 * requests that would multiply work.
 */
@QuarkusTest
class FhirHostileTest {

    private static final String FHIR = "application/fhir+json";
    private static final String PATCH = "application/json-patch+json";
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static ValidatableResponse outcome(ValidatableResponse r, int status, String expression) {
        r.log().ifValidationFails().statusCode(status).contentType(startsWith(FHIR))
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].diagnostics", not(nullValue()));
        return expression.isEmpty() ? r : r.body("issue.expression.flatten()", hasItem(containsString(expression)));
    }

    private static String id(String location, String type) {
        return location.replaceAll(".*/" + type + "/([^/]+).*", "$1");
    }

    private static String post(String type, String body) {
        return id(given().contentType(FHIR).body(body).when().post("/fhir/" + type).then().log().ifValidationFails()
                .statusCode(201).extract().header("Location"), type);
    }

    /** A schedule with free time two days out from 09:00 New York, and a 30-minute visit type. */
    private record Desk(String location, String practitioner, String schedule, Instant open, String type) {
    }

    private static Desk desk() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String location = post("Location", """
                {"resourceType":"Location","name":"Hostile %s",
                 "extension":[{"url":"http://hl7.org/fhir/StructureDefinition/timezone","valueCode":"America/New_York"}]}"""
                .formatted(run));
        String practitioner = post("Practitioner", """
                {"resourceType":"Practitioner","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"%s"}],
                 "name":[{"family":"Hostile"}]}""".formatted(Scheduling.npi()));
        String schedule = post("Schedule", """
                {"resourceType":"Schedule","actor":[{"reference":"Practitioner/%s"},{"reference":"Location/%s"}]}"""
                .formatted(practitioner, location));
        Instant open = ZonedDateTime.of(LocalDate.now(NEW_YORK).plusDays(2), LocalTime.of(9, 0), NEW_YORK).toInstant();
        given().contentType(FHIR).body("""
                {"resourceType":"Slot","schedule":{"reference":"Schedule/%s"},"status":"free","start":"%s","end":"%s"}"""
                .formatted(schedule, open, open.plusSeconds(3 * 3600))).when().post("/fhir/Slot").then().statusCode(201);
        String code = "H" + run;
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("code", code, "name", "Hostile visit", "durationMinutes", 30, "bufferBeforeMinutes", 0,
                        "bufferAfterMinutes", 0)).when().post("/api/v1/visit-types").then().statusCode(201);
        return new Desk(location, practitioner, schedule, open, code);
    }

    private static String appointment(Desk d, String status, String patient) {
        return """
                {"resourceType":"Appointment","status":"%s",
                 "appointmentType":{"coding":[{"system":"urn:frontdesk:visit-type","code":"%s"}]},"start":"%s",
                 "participant":[{"actor":{"reference":"Patient/%s"},"status":"accepted"},
                                {"actor":{"reference":"Practitioner/%s"},"status":"accepted"},
                                {"actor":{"reference":"Location/%s"},"status":"accepted"}]}"""
                .formatted(status, d.type(), d.open(), patient, d.practitioner(), d.location());
    }

    @Test
    void valuesThatOnceFailedAreRefused() {
        Desk d = desk();
        outcome(given().when().get("/fhir/Patient/_history?_since=%2B999999999-12-31T00:00:00Z").then(), 400, "_since");
        outcome(given().when().get("/fhir/Patient?_lastUpdated=ge%2B999999999-12-31T00:00:00Z").then(), 400,
                "_lastUpdated");
        outcome(given().when().get("/fhir/Slot?schedule=Schedule/" + d.schedule() + "&_offset=2147483647").then(), 400,
                "_offset");
        given().when().get("/fhir/Location?identifier=,").then().log().ifValidationFails().statusCode(200);
        given().when().get("/fhir/Practitioner?identifier=,").then().log().ifValidationFails().statusCode(200);
        String patient = Scheduling.patient();
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"Appointment","status":"booked","slot":[{"reference":"Slot/%s.99999999999999999.0"}],
                 "appointmentType":{"coding":[{"system":"urn:frontdesk:visit-type","code":"%s"}]},
                 "participant":[{"actor":{"reference":"Patient/%s"},"status":"accepted"}]}"""
                .formatted(d.schedule(), d.type(), patient)).when().post("/fhir/Appointment").then(), 400,
                "Appointment.slot");
        outcome(given().when().get("/fhir/Patient?_id=" + "x,".repeat(101)).then(), 400, "_id");
    }

    @Test
    void aPatchCantReplaceTheResourceOrItsIdentity() {
        String patient = Scheduling.patient();
        outcome(given().contentType(PATCH).header("If-Match", "W/\"0\"")
                .body("[{\"op\":\"replace\",\"path\":\"\",\"value\":{\"resourceType\":\"Organization\"}}]")
                .when().patch("/fhir/Patient/" + patient).then(), 400, "JsonPatch[0].path");
        outcome(given().contentType(PATCH).header("If-Match", "W/\"0\"")
                .body("[{\"op\":\"move\",\"from\":\"/id\",\"path\":\"/language\"}]")
                .when().patch("/fhir/Patient/" + patient).then(), 400, "JsonPatch[0].from");
        outcome(given().contentType(PATCH).header("If-Match", "W/\"0\"").body("{\"op\":1}")
                .when().patch("/fhir/Patient/" + patient).then(), 400, "");
        given().when().get("/fhir/Patient/" + patient).then().statusCode(200).body("resourceType", equalTo("Patient"))
                .body("meta.versionId", equalTo("0"));
    }

    @Test
    void bundlesAreCheckedBeforeAnythingRuns() {
        Desk d = desk();
        String patient = Scheduling.patient();
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Binary",
                 "contentType":"application/json-patch+json"},"request":{"method":"PATCH","url":"Patient"}}]}""")
                .when().post("/fhir").then(), 400, "Bundle.entry[0]");
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Binary",
                 "contentType":"application/json-patch+json"},"request":{"method":"PATCH","url":"Patient/%s"}}]}"""
                .formatted(patient)).when().post("/fhir").then(), 400, "Bundle.entry[0]");
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"request":{"method":"DELETE","url":"Slot/%s.1.2"}},{"request":{"method":"DELETE","url":"Slot/%s.1.2"}}]}"""
                .formatted(d.schedule(), d.schedule())).when().post("/fhir").then(), 400, "Bundle.entry[1]");
        // an entry the token does not permit stops the transaction before anything is written
        String mrn = UUID.randomUUID().toString();
        outcome(given().auth().oauth2(Tokens.ehr("system/Patient.c")).contentType(FHIR).body("""
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","identifier":[{"system":"urn:hostile","value":"%s"}]},
                  "request":{"method":"POST","url":"Patient"}},
                 {"request":{"method":"GET","url":"Patient?identifier=urn:hostile|%s"}}]}""".formatted(mrn, mrn))
                .when().post("/fhir").then(), 403, "Bundle.entry[1]");
        given().when().get("/fhir/Patient?identifier=urn:hostile|" + mrn).then().body("total", equalTo(0));
    }

    @Test
    void aConditionalWriteNeedsTheRightToSearch() {
        String createOnly = Tokens.ehr("system/Patient.c");
        String mrn = UUID.randomUUID().toString();
        String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:hostile\",\"value\":\"" + mrn
                + "\"}],\"name\":[{\"family\":\"Probe\"}]}";
        given().contentType(FHIR).body(body).when().post("/fhir/Patient").then().statusCode(201);
        // matched or not, the answer is the same refusal: nothing is learnt
        outcome(given().auth().oauth2(createOnly).contentType(FHIR).header("If-None-Exist", "identifier=urn:hostile|" + mrn)
                .body(body).when().post("/fhir/Patient").then(), 403, "");
        outcome(given().auth().oauth2(createOnly).contentType(FHIR).header("If-None-Exist", "identifier=urn:hostile|x" + mrn)
                .body(body).when().post("/fhir/Patient").then(), 403, "");
        given().when().get("/fhir/Patient?identifier=urn:hostile|" + mrn).then().body("total", equalTo(1));
        given().when().get("/fhir/Patient?identifier=urn:hostile|x" + mrn).then().body("total", equalTo(0));
    }

    @Test
    void aHoldIsBookedOnlyWithItsToken() {
        Desk d = desk();
        String patient = Scheduling.patient();
        var hold = given().contentType(FHIR).body(appointment(d, "pending", patient)).when().post("/fhir/Appointment")
                .then().log().ifValidationFails().statusCode(201).extract();
        String id = hold.path("id");
        String token = hold.path("identifier.find { it.system == 'urn:frontdesk:hold-token' }.value");
        String book = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"booked\"}]";
        outcome(given().contentType(PATCH).header("If-Match", "W/\"0\"").body(book)
                .when().patch("/fhir/Appointment/" + id).then(), 400, "Appointment.identifier");
        given().contentType(PATCH).header("If-Match", "W/\"0\"")
                .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"booked\"},{\"op\":\"add\",\"path\":\"/identifier\","
                        + "\"value\":[{\"system\":\"urn:frontdesk:hold-token\",\"value\":\"" + token + "\"}]}]")
                .when().patch("/fhir/Appointment/" + id).then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("booked")).body("identifier", nullValue());
    }

    @Test
    void repeatedIncludesAreAskedOnce() {
        StringBuilder many = new StringBuilder("_count=5");
        for (int i = 0; i < 3000; i++) {
            many.append("&_revinclude=Appointment:patient");
        }
        given().contentType("application/x-www-form-urlencoded").body(many.toString())
                .when().post("/fhir/Patient/_search").then().log().ifValidationFails().statusCode(200)
                .body("type", equalTo("searchset"));
        StringBuilder distinct = new StringBuilder("_count=5");
        for (String rev : new String[] {"Appointment:patient", "Coverage:beneficiary", "Encounter:patient", "Claim:patient"}) {
            distinct.append("&_revinclude=").append(rev);
        }
        given().contentType("application/x-www-form-urlencoded").body(distinct.toString())
                .when().post("/fhir/Patient/_search").then().log().ifValidationFails().statusCode(200);
    }
}
