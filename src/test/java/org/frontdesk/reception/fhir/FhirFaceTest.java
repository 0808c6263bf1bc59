package org.frontdesk.reception.fhir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.frontdesk.reception.coding.CodeSets;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.DefaultTokens;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FHIR face's interactions one by one: bad input on each new interaction is a 4xx with an
 * OperationOutcome naming the element, and nothing is stored; history and versions; summaries,
 * elements, sorting and ids; SMART discovery; terminology by POST and without a date; slots
 * published, booked, blocked and withdrawn; idempotent retries.
 */
@QuarkusTest
class FhirFaceTest {

    private static final String FHIR = "application/fhir+json";
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** A 4xx OperationOutcome naming the element (or, for a header such as If-Match, saying what is wrong). */
    private static ValidatableResponse outcome(ValidatableResponse r, int status, String expression) {
        r.log().ifValidationFails().statusCode(status).contentType(startsWith(FHIR))
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].diagnostics", not(nullValue()));
        return expression.isEmpty() ? r : r.body("issue.expression.flatten()", hasItem(containsString(expression)));
    }

    private static String created(String type, String body) {
        String location = given().contentType(FHIR).body(body).when().post("/fhir/" + type).then().log().ifValidationFails().statusCode(201)
                .extract().header("Location");
        return location.replaceAll(".*/" + type + "/([^/]+).*", "$1");
    }

    private static String location(String run) {
        return created("Location", """
                {"resourceType":"Location","name":"Face %s","status":"active",
                 "extension":[{"url":"http://hl7.org/fhir/StructureDefinition/timezone","valueCode":"America/New_York"}],
                 "identifier":[{"system":"urn:face","value":"%s"}],"address":{"city":"Albany"}}""".formatted(run, run));
    }

    private static String practitioner(String npi) {
        return created("Practitioner", """
                {"resourceType":"Practitioner","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"%s"}],
                 "name":[{"family":"Face","given":["Test"]}]}""".formatted(npi));
    }

    private static String schedule(String practitioner, String location) {
        return created("Schedule", """
                {"resourceType":"Schedule","actor":[{"reference":"Practitioner/%s"},{"reference":"Location/%s"}]}"""
                .formatted(practitioner, location));
    }

    private static String slot(String schedule, Instant start, Instant end, String status) {
        String location = given().contentType(FHIR).body("""
                {"resourceType":"Slot","schedule":{"reference":"Schedule/%s"},"status":"%s","start":"%s","end":"%s"}"""
                .formatted(schedule, status, start, end)).when().post("/fhir/Slot").then().log().ifValidationFails().statusCode(201)
                .extract().header("Location");
        return location.replaceAll(".*/Slot/", "");
    }

    /** A practitioner with a schedule and free time on a day two days out, 09:00 to 12:00 New York. */
    private record Desk(String location, String practitioner, String schedule, Instant open, Instant close, String type) {
    }

    private static Desk desk() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String location = location(run);
        String practitioner = practitioner(Scheduling.npi());
        String schedule = schedule(practitioner, location);
        LocalDate day = LocalDate.now(NEW_YORK).plusDays(2);
        Instant open = ZonedDateTime.of(day, LocalTime.of(9, 0), NEW_YORK).toInstant();
        Instant close = ZonedDateTime.of(day, LocalTime.of(12, 0), NEW_YORK).toInstant();
        slot(schedule, open, close, "free");
        String code = "F" + run;
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("code", code, "name", "Face visit", "durationMinutes", 30, "bufferBeforeMinutes", 0,
                        "bufferAfterMinutes", 0)).when().post("/api/v1/visit-types").then().log().ifValidationFails().statusCode(201);
        return new Desk(location, practitioner, schedule, open, close, code);
    }

    private static String appointment(Desk d, String patient, Instant start) {
        return """
                {"resourceType":"Appointment","status":"booked",
                 "appointmentType":{"coding":[{"system":"urn:frontdesk:visit-type","code":"%s"}]},"start":"%s",
                 "participant":[{"actor":{"reference":"Patient/%s"},"status":"accepted"},
                                {"actor":{"reference":"Practitioner/%s"},"status":"accepted"},
                                {"actor":{"reference":"Location/%s"},"status":"accepted"}]}"""
                .formatted(d.type(), start, patient, d.practitioner(), d.location());
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badInputOnEachNewInteractionNamesTheElementAndKeepsNothing() {
        Desk d = desk();
        String patient = Scheduling.patient();
        // the wrong resource type in the body
        outcome(given().contentType(FHIR).body("{\"resourceType\":\"Patient\"}").when().post("/fhir/Location").then(),
                400, "Location");
        outcome(given().contentType(FHIR).body("{\"resourceType\":\"Patient\"}").when()
                .put("/fhir/Practitioner/" + d.practitioner()).then(), 400, "Practitioner");
        // an id that is not the URL's
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"Practitioner","id":"%s","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"%s"}],
                 "name":[{"family":"X"}]}""".formatted(UUID.randomUUID(), Scheduling.npi())).header("If-Match", "W/\"0\"")
                .when().put("/fhir/Practitioner/" + d.practitioner()).then(), 400, "Practitioner.id");
        // references to nothing
        String nobody = UUID.randomUUID().toString();
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"Schedule","actor":[{"reference":"Practitioner/%s"},{"reference":"Location/%s"}]}"""
                .formatted(nobody, d.location())).when().post("/fhir/Schedule").then(), 400, "Schedule.actor");
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"Slot","schedule":{"reference":"Schedule/%s"},"status":"free","start":"%s","end":"%s"}"""
                .formatted(nobody, d.open(), d.close())).when().post("/fhir/Slot").then(), 400, "Slot.schedule");
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"PractitionerRole","practitioner":{"reference":"Practitioner/%s"}}""".formatted(nobody))
                .when().post("/fhir/PractitionerRole").then(), 400, "PractitionerRole.practitioner");
        outcome(given().contentType(FHIR).body(appointment(d, nobody, d.open())).when().post("/fhir/Appointment").then(),
                400, "Appointment.participant");
        given().when().get("/fhir/Appointment?patient=Patient/" + nobody).then().log().ifValidationFails().statusCode(200).body("total", equalTo(0));
        // a stale If-Match, and none at all
        String visit = created("Appointment", appointment(d, patient, d.open()));
        String arrive = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"arrived\"}]";
        outcome(given().contentType("application/json-patch+json").body(arrive).header("If-Match", "W/\"7\"")
                .when().patch("/fhir/Appointment/" + visit).then(), 412, "");
        outcome(given().contentType("application/json-patch+json").body(arrive)
                .when().patch("/fhir/Appointment/" + visit).then(), 428, "");
        // a status change the policy forbids: booked can't be fulfilled without the visit
        outcome(given().contentType("application/json-patch+json")
                .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"fulfilled\"}]").header("If-Match", "W/\"0\"")
                .when().patch("/fhir/Appointment/" + visit).then(), 409, "Appointment.status");
        // ... and a cancellation without its reason
        outcome(given().contentType("application/json-patch+json")
                .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"cancelled\"}]").header("If-Match", "W/\"0\"")
                .when().patch("/fhir/Appointment/" + visit).then(), 400, "Appointment.cancelationReason");
        given().when().get("/fhir/Appointment/" + visit).then().log().ifValidationFails().statusCode(200).body("status", equalTo("booked"))
                .body("meta.versionId", equalTo("0"));
        // a double booking is a 409 naming the start
        outcome(given().contentType(FHIR).body(appointment(d, Scheduling.patient(), d.open())).when()
                .post("/fhir/Appointment").then(), 409, "Appointment.start");
        // a transaction with one bad entry keeps nothing, and says which entry
        String mrn = UUID.randomUUID().toString();
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:%s","resource":{"resourceType":"Patient","identifier":[{"system":"urn:face:mrn","value":"%s"}],
                   "name":[{"family":"Kept"}],"birthDate":"1990-01-01"},"request":{"method":"POST","url":"Patient"}},
                 {"resource":{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"urn:uuid:%s"},
                   "payor":[{"reference":"Organization/%s"}],"subscriberId":"M-1"},"request":{"method":"POST","url":"Coverage"}}]}"""
                .formatted(mrn, mrn, mrn, nobody);
        outcome(given().contentType(FHIR).body(bundle).when().post("/fhir").then(), 400, "Bundle.entry[1]");
        given().when().get("/fhir/Patient?identifier=urn:face:mrn|" + mrn).then().log().ifValidationFails().statusCode(200).body("total", equalTo(0));
        // an oversize Bundle
        StringBuilder big = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
        for (int i = 0; i < 101; i++) {
            big.append(i == 0 ? "" : ",").append("{\"request\":{\"method\":\"GET\",\"url\":\"Patient/").append(nobody)
                    .append("\"}}");
        }
        outcome(given().contentType(FHIR).body(big.append("]}").toString()).when().post("/fhir").then(), 413,
                "Bundle.entry");
        // an unknown _include, _sort and search parameter
        outcome(given().when().get("/fhir/Appointment?_include=Appointment:nothing").then(), 400, "_include");
        outcome(given().when().get("/fhir/Appointment?_sort=colour").then(), 400, "_sort");
        // a slot under a booked appointment can't be withdrawn or shrunk away from it
        String slotId = d.schedule() + "." + d.open().getEpochSecond() + "." + d.close().getEpochSecond();
        outcome(given().when().delete("/fhir/Slot/" + slotId).then(), 409, "Slot");
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"Slot","id":"%s","schedule":{"reference":"Schedule/%s"},"status":"free","start":"%s","end":"%s"}"""
                .formatted(slotId, d.schedule(), d.open().plusSeconds(3600), d.close())).when()
                .put("/fhir/Slot/" + slotId).then(), 409, "Slot");
        given().when().get("/fhir/Slot/" + slotId).then().log().ifValidationFails().statusCode(200).body("status", equalTo("busy"));
    }

    @Test
    void aBatchAnswersEachEntryOnItsOwn() {
        String nobody = UUID.randomUUID().toString();
        String mrn = UUID.randomUUID().toString();
        given().contentType(FHIR).body("""
                {"resourceType":"Bundle","type":"batch","entry":[
                 {"resource":{"resourceType":"Patient","identifier":[{"system":"urn:face:mrn","value":"%s"}],"name":[{"family":"Batch"}]},
                  "request":{"method":"POST","url":"Patient"}},
                 {"request":{"method":"GET","url":"Patient/%s"}},
                 {"request":{"method":"GET","url":"Patient?identifier=urn:face:mrn|%s"}}]}""".formatted(mrn, nobody, mrn))
                .when().post("/fhir").then().log().ifValidationFails().statusCode(200).body("type", equalTo("batch-response"))
                .body("entry[0].response.status", startsWith("201"))
                .body("entry[1].response.status", startsWith("404"))
                .body("entry[1].response.outcome.resourceType", equalTo("OperationOutcome"))
                .body("entry[2].response.status", startsWith("200"))
                .body("entry[2].resource.total", equalTo(1));
    }

    // ------------------------------------------------------------------ appointments and slots

    @Test
    void slotsAreBookedFreedBlockedAndWithdrawn() {
        Desk d = desk();
        String visit = created("Appointment", appointment(d, Scheduling.patient(), d.open().plusSeconds(1800)));
        String slot = given().when().get("/fhir/Appointment/" + visit).then().log().ifValidationFails().statusCode(200)
                .body("slot[0].reference", startsWith("Slot/" + d.schedule())).extract().path("slot[0].reference");
        given().when().get("/fhir/" + slot).then().log().ifValidationFails().statusCode(200).body("status", equalTo("busy"));
        // moved in place: the same appointment, a new time; the old time is free
        String etag = given().contentType("application/json-patch+json").header("If-Match", "W/\"0\"")
                .body("[{\"op\":\"replace\",\"path\":\"/start\",\"value\":\"%s\"},{\"op\":\"remove\",\"path\":\"/end\"}]"
                        .formatted(d.open().plusSeconds(5400)))
                .when().patch("/fhir/Appointment/" + visit).then().log().ifValidationFails().statusCode(200)
                .header("ETag", equalTo("W/\"1\"")).body("id", equalTo(visit))
                .body("start", startsWith(d.open().plusSeconds(5400).toString().substring(0, 16)))
                .extract().header("ETag");
        given().when().get("/fhir/" + slot).then().log().ifValidationFails().statusCode(200).body("status", equalTo("free"));
        // cancelled: the time is free again
        given().contentType("application/json-patch+json").header("If-Match", etag)
                .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"cancelled\"},"
                        + "{\"op\":\"add\",\"path\":\"/cancelationReason\",\"value\":{\"text\":\"clash\"}}]")
                .when().patch("/fhir/Appointment/" + visit).then().log().ifValidationFails().statusCode(200).body("status", equalTo("cancelled"))
                .body("cancelationReason.text", equalTo("clash"));
        // blocked time reads busy-unavailable, and can't be booked
        Instant lunch = d.open().plusSeconds(2 * 3600);
        String blocked = slot(d.schedule(), lunch, lunch.plusSeconds(1800), "busy-unavailable");
        given().when().get("/fhir/Slot/" + blocked).then().log().ifValidationFails().statusCode(200).body("status", equalTo("busy-unavailable"));
        outcome(given().contentType(FHIR).body(appointment(d, Scheduling.patient(), lunch)).when()
                .post("/fhir/Appointment").then(), 422, "Appointment.start");
        // withdrawn, the block is gone and the time is bookable again
        given().when().delete("/fhir/Slot/" + blocked).then().log().ifValidationFails().statusCode(204);
        created("Appointment", appointment(d, Scheduling.patient(), lunch));
        // a pending appointment holds the time for its patient; booking it is a status change
        String patient = Scheduling.patient();
        String held = created("Appointment", appointment(d, patient, d.open()).replace("\"booked\"", "\"pending\""));
        given().when().get("/fhir/Appointment/" + held).then().body("status", equalTo("pending"))
                .body("identifier", nullValue());
    }

    // ------------------------------------------------------------------ versions, search features

    @Test
    void versionsAreKeptAndReadBack() {
        String npi = Scheduling.npi();
        String id = practitioner(npi);
        Instant before = Instant.now();
        given().contentType(FHIR).header("If-Match", "W/\"0\"").body("""
                {"resourceType":"Practitioner","id":"%s","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"%s"}],
                 "name":[{"family":"Renamed"}]}""".formatted(id, npi)).when().put("/fhir/Practitioner/" + id).then()
                .statusCode(200).header("ETag", equalTo("W/\"1\"")).body("meta.versionId", equalTo("1"));
        given().when().get("/fhir/Practitioner/" + id + "/_history/0").then().log().ifValidationFails().statusCode(200)
                .body("name[0].family", equalTo("Face")).body("meta.versionId", equalTo("0"));
        given().when().get("/fhir/Practitioner/" + id + "/_history/1").then().log().ifValidationFails().statusCode(200)
                .body("name[0].family", equalTo("Renamed"));
        outcome(given().when().get("/fhir/Practitioner/" + id + "/_history/9").then(), 404, "");
        given().when().get("/fhir/Practitioner/" + id + "/_history").then().log().ifValidationFails().statusCode(200)
                .body("type", equalTo("history")).body("total", equalTo(2))
                .body("entry[0].resource.meta.versionId", equalTo("1"))
                .body("entry[1].request.method", equalTo("POST"));
        given().when().get("/fhir/Practitioner/_history?_since=" + before).then().log().ifValidationFails().statusCode(200)
                .body("entry.resource.id", hasItem(id));
        // the ETag is the version: a stale one is refused
        outcome(given().contentType(FHIR).header("If-Match", "W/\"0\"").body("""
                {"resourceType":"Practitioner","id":"%s","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"%s"}],
                 "name":[{"family":"Stale"}]}""".formatted(id, npi)).when().put("/fhir/Practitioner/" + id).then(), 412, "");
        // an NPI with a wrong check digit is refused
        String bad = npi.substring(0, 9) + ((npi.charAt(9) - '0' + 1) % 10);
        outcome(given().contentType(FHIR).body("""
                {"resourceType":"Practitioner","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"%s"}],
                 "name":[{"family":"Luhn"}]}""".formatted(bad)).when().post("/fhir/Practitioner").then(), 400,
                "Practitioner.identifier");
    }

    @Test
    void summariesElementsSortingAndIds() {
        String family = "Summ" + UUID.randomUUID().toString().substring(0, 6);
        List<String> ids = new java.util.ArrayList<>();
        for (String birth : new String[] {"1950-01-01", "1990-01-01", "1970-01-01"}) {
            ids.add(created("Patient", """
                    {"resourceType":"Patient","name":[{"family":"%s","given":["A"]}],"birthDate":"%s","gender":"other"}"""
                    .formatted(family, birth)));
        }
        given().when().get("/fhir/Patient?family=" + family + "&_summary=count").then().log().ifValidationFails().statusCode(200)
                .body("total", equalTo(3)).body("$", not(hasKey("entry")));
        given().when().get("/fhir/Patient?family=" + family + "&_elements=birthDate").then().log().ifValidationFails().statusCode(200)
                .body("entry.resource.birthDate", hasItem("1970-01-01"))
                .body("entry.resource.name", everyItem(nullValue()))
                .body("entry.resource.id", hasItem(ids.get(0)));
        given().when().get("/fhir/Patient?family=" + family + "&_sort=-birthdate").then().log().ifValidationFails().statusCode(200)
                .body("entry.resource.birthDate", equalTo(List.of("1990-01-01", "1970-01-01", "1950-01-01")));
        given().when().get("/fhir/Patient?_id=" + ids.get(0) + "," + ids.get(2)).then().log().ifValidationFails().statusCode(200)
                .body("total", equalTo(2));
        given().when().get("/fhir/Patient?family=" + family + "&_lastUpdated=gt2999-01-01").then().log().ifValidationFails().statusCode(200)
                .body("total", equalTo(0));
        given().when().get("/fhir/Patient?family=" + family + "&_summary=true").then().log().ifValidationFails().statusCode(200)
                .body("entry[0].resource.meta.tag.code", hasItem("SUBSETTED"));
    }

    @Test
    void anIdempotencyKeyReplaysAFhirCreate() {
        String key = UUID.randomUUID().toString();
        String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Once\"}],\"birthDate\":\"1961-02-03\"}";
        String first = given().contentType(FHIR).header("Idempotency-Key", key).body(body).when().post("/fhir/Patient")
                .then().log().ifValidationFails().statusCode(201).extract().path("id");
        given().contentType(FHIR).header("Idempotency-Key", key).body(body).when().post("/fhir/Patient").then()
                .statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(first));
        outcome(given().contentType(FHIR).header("Idempotency-Key", key).body(body.replace("Once", "Twice")).when()
                .post("/fhir/Patient").then(), 422, "");
    }

    // ------------------------------------------------------------------ discovery and terminology

    @Test
    void smartDiscoveryComesFromConfiguration() {
        given().header(DefaultTokens.ANONYMOUS, "1").when().get("/fhir/.well-known/smart-configuration").then()
                .statusCode(200).body("token_endpoint", equalTo("https://idp.test.frontdesk.local/token"))
                .body("jwks_uri", equalTo("https://idp.test.frontdesk.local/jwks"))
                .body("grant_types_supported", hasItem("client_credentials"))
                .body("scopes_supported", hasItem("system/Appointment.crus"))
                .body("capabilities", hasItem("permission-v2"));
        given().header(DefaultTokens.ANONYMOUS, "1").when().get("/fhir/metadata").then().log().ifValidationFails().statusCode(200)
                .body("rest[0].security.service[0].coding[0].code", equalTo("SMART-on-FHIR"))
                .body("rest[0].security.extension[0].url",
                        equalTo("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"))
                .body("rest[0].security.extension[0].extension.find { it.url == 'token' }.valueUri",
                        equalTo("https://idp.test.frontdesk.local/token"));
    }

    @Test
    void codesValidateByPostAndWithoutADate() {
        CodeSets.icd();
        CodeSets.ensure("hcpcs", "HCPCS-2020", CodeSets.hcpcs2020(), "validFrom", "2020-01-01", "validTo", "2020-12-31");
        // no date: the latest version loaded answers, and says which it is
        given().contentType(FHIR).body("""
                {"resourceType":"Parameters","parameter":[{"name":"url","valueUri":"http://hl7.org/fhir/sid/icd-10-cm"},
                 {"name":"code","valueCode":"E11.9"}]}""").when().post("/fhir/CodeSystem/$validate-code").then()
                .statusCode(200).body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true))
                .body("parameter.find { it.name == 'version' }.valueString", not(nullValue()));
        // (FY2023 here, or a newer set another test loaded: the newest one answers)
        given().when().get("/fhir/CodeSystem/$validate-code?url=http://hl7.org/fhir/sid/icd-10-cm&code=E11.9").then()
                .statusCode(200).body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true));
        // with a date, the version in force that day
        given().when().get("/fhir/CodeSystem/$validate-code?url=http://hl7.org/fhir/sid/icd-10-cm&code=E11.9&date=2022-05-01")
                .then().log().ifValidationFails().statusCode(200).body("parameter.find { it.name == 'version' }.valueString", containsString("2022"));
        // HCPCS through FHIR, by POST
        given().contentType(FHIR).body("""
                {"resourceType":"Parameters","parameter":[{"name":"system","valueUri":"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"},
                 {"name":"code","valueCode":"A0021"}]}""").when().post("/fhir/CodeSystem/$lookup").then()
                .statusCode(200).body("parameter.find { it.name == 'version' }.valueString", equalTo("HCPCS-2020"));
        outcome(given().contentType(FHIR).body("{\"resourceType\":\"Patient\"}").when()
                .post("/fhir/CodeSystem/$lookup").then(), 400, "resourceType");
    }

    @Test
    void cptWorksThroughFhir() {
        CodeSets.ensure("cpt", "CPT-FACE-TEST", CodeSets.write("cpt-face.txt", "99981\tInvented face visit\n"),
                "validFrom", "2026-01-01", "validTo", "2027-12-31");
        given().when().get("/fhir/CodeSystem/$lookup?system=http://www.ama-assn.org/go/cpt&code=99981").then()
                .statusCode(200).body("parameter.find { it.name == 'display' }.valueString", equalTo("Invented face visit"));
        given().when().get("/fhir/CodeSystem/$validate-code?url=http://www.ama-assn.org/go/cpt&code=99981&date=2026-06-01")
                .then().log().ifValidationFails().statusCode(200).body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true));
        assertTrue(true);
    }

    @Test
    void anEncounterFollowsTheVisit() {
        Desk d = desk();
        String patient = Scheduling.patient();
        String visit = created("Appointment", appointment(d, patient, d.open()));
        given().when().get("/fhir/Encounter?appointment=Appointment/" + visit).then().log().ifValidationFails().statusCode(200)
                .body("total", equalTo(0));
        String etag = "W/\"0\"";
        for (String status : new String[] {"arrived", "checked-in", "fulfilled"}) {
            etag = given().contentType("application/json-patch+json").header("If-Match", etag)
                    .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"" + status + "\"}]")
                    .when().patch("/fhir/Appointment/" + visit).then().log().ifValidationFails().statusCode(200)
                    .body("status", equalTo(status)).extract().header("ETag");
        }
        assertEquals("W/\"3\"", etag, "one version per change");
        String encounter = given().when().get("/fhir/Encounter?patient=Patient/" + patient
                        + "&_include=Encounter:appointment").then().log().ifValidationFails().statusCode(200)
                .body("total", equalTo(1)).body("entry[0].resource.status", equalTo("finished"))
                .body("entry[0].resource.period.end", not(nullValue()))
                .body("entry.find { it.search.mode == 'include' }.resource.id", equalTo(visit))
                .extract().path("entry[0].resource.id");
        given().when().get("/fhir/Appointment?_id=" + visit + "&_revinclude=Encounter:appointment").then()
                .statusCode(200).body("entry.resource.id", hasItem(encounter));
        assertEquals(36, encounter.length());
    }
}
