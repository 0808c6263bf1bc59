package org.frontdesk.reception.scheduling;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.frontdesk.reception.fhir.R4Validator;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FHIR face of scheduling: Practitioner, Appointment read/search and Appointment/$find. */
@QuarkusTest
class SchedulingFhirTest {

    @Test
    void bookedAppointmentsReadAndSearchAsValidFhir() {
        String location = Scheduling.location("America/New_York");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "08:00", "12:00");
        String type = Scheduling.visitType(30, 0, 0);
        String patient = Scheduling.patient();
        LocalDate day = BookingTest.aWeekAhead();
        String start = BookingTest.at(day, 9, 0);
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(patient, practitioner, location, type, start))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().path("id");

        String json = given().when().get("/fhir/Appointment/" + id).then().statusCode(200)
                .body("resourceType", equalTo("Appointment"))
                .body("status", equalTo("booked"))
                .body("participant.actor.reference", hasItems("Patient/" + patient, "Practitioner/" + practitioner,
                        "Location/" + location))
                .extract().asString();
        List<String> errors = R4Validator.errors(json);
        assertTrue(errors.isEmpty(), "Appointment is not valid R4: " + errors);

        given().queryParam("patient", "Patient/" + patient).when().get("/fhir/Appointment").then()
                .statusCode(200).body("total", equalTo(1)).body("entry[0].resource.id", equalTo(id));
        given().queryParam("actor", "Practitioner/" + practitioner).queryParam("date", day.toString())
                .queryParam("status", "booked").when().get("/fhir/Appointment").then().body("total", equalTo(1));
        given().queryParam("practitioner", practitioner).queryParam("date", "gt" + day).when().get("/fhir/Appointment")
                .then().body("total", equalTo(0));
        given().queryParam("status", "sleeping").when().get("/fhir/Appointment").then().statusCode(400);

        Map<String, Object> find = Map.of("start", day.toString(), "end", day.toString(), "location",
                "Location/" + location, "practitioner", "Practitioner/" + practitioner);
        String code = given().auth().oauth2(org.frontdesk.reception.security.Tokens.admin()).when()
                .get("/api/v1/visit-types").then().extract().jsonPath()
                .getString("find { it.id == '" + type + "' }.code");
        String bundle = given().queryParams(find).queryParam("visit-type", code).queryParam("_count", 3)
                .when().get("/fhir/Appointment/$find").then().statusCode(200)
                .body("type", equalTo("searchset"))
                .body("entry.resource.status", everyItemIs("proposed"))
                .extract().asString();
        assertEquals(3, io.restassured.path.json.JsonPath.from(bundle).getList("entry").size());
        assertEquals(BookingTest.at(day, 8, 0), java.time.OffsetDateTime.parse(io.restassured.path.json.JsonPath
                .from(bundle).getString("entry[0].resource.start")).toInstant().toString());
        assertEquals(BookingTest.at(day, 9, 30), java.time.OffsetDateTime.parse(io.restassured.path.json.JsonPath
                .from(bundle).getString("entry[2].resource.start")).toInstant().toString(), "09:00 is booked");
        String proposal = io.restassured.path.json.JsonPath.from(bundle).prettify();
        assertTrue(proposal.contains("Practitioner/" + practitioner));
    }

    @Test
    void anEhrFindsHoldsAndBooksThroughFhirOperations() {
        String location = Scheduling.location("America/Denver");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "13:00", "15:00");
        String type = Scheduling.visitType(60, 0, 0);
        String code = given().auth().oauth2(org.frontdesk.reception.security.Tokens.admin()).when()
                .get("/api/v1/visit-types").then().extract().jsonPath()
                .getString("find { it.id == '" + type + "' }.code");
        String patient = Scheduling.patient();
        String day = BookingTest.aWeekAhead().toString();
        String found = given().queryParam("start", day).queryParam("end", day).queryParam("location", location)
                .queryParam("visit-type", code).when().get("/fhir/Appointment/$find").then().statusCode(200)
                .extract().asString();
        Map<String, Object> proposed = io.restassured.path.json.JsonPath.from(found).get("entry[0].resource");
        String hold = given().contentType("application/fhir+json")
                .body(Map.of("resourceType", "Parameters", "parameter", List.of(Map.of("name", "appointment",
                        "resource", proposed))))
                .when().post("/fhir/Appointment/$hold").then().statusCode(201)
                .body("status", equalTo("pending"))
                .body("identifier[0].system", equalTo("urn:frontdesk:hold-token"))
                .extract().asString();
        var held = io.restassured.path.json.JsonPath.from(hold);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> participants = new java.util.ArrayList<>((List<Map<String, Object>>) proposed.get("participant"));
        participants.add(Map.of("actor", Map.of("reference", "Patient/" + patient), "status", "accepted"));
        Map<String, Object> withPatient = new java.util.HashMap<>(proposed);
        withPatient.put("participant", participants);
        given().contentType("application/fhir+json")
                .body(Map.of("resourceType", "Parameters", "parameter", List.of(Map.of("name", "appointment",
                        "resource", withPatient))))
                .when().post("/fhir/Appointment/$book").then().statusCode(409)
                .body("resourceType", equalTo("OperationOutcome"));
        withPatient.put("identifier", held.getList("identifier"));
        given().contentType("application/fhir+json")
                .body(Map.of("resourceType", "Parameters", "parameter", List.of(Map.of("name", "appointment",
                        "resource", withPatient))))
                .when().post("/fhir/Appointment/$book").then().statusCode(201)
                .body("status", equalTo("booked"))
                .body("id", equalTo(held.getString("id")))
                .body("participant.actor.reference", hasItem("Patient/" + patient));
        given().contentType("application/fhir+json")
                .body(Map.of("resourceType", "Parameters", "parameter", List.of(Map.of("name", "appointment",
                        "resource", Map.of("resourceType", "Appointment", "status", "proposed",
                                "participant", List.of(Map.of("status", "accepted")))))))
                .when().post("/fhir/Appointment/$book").then().statusCode(400)
                .body("issue.expression.flatten()", hasItem("Appointment.start"));
    }

    private static org.hamcrest.Matcher<Iterable<? super String>> everyItemIs(String value) {
        return not(hasItem(not(equalTo(value))));
    }

    @Test
    void practitionersReadAndSearchByNpi() {
        String npi = Scheduling.npi();
        String id = Scheduling.post("/api/v1/practitioners", Map.of("npi", npi, "family", "Quimby", "given", "Ada"),
                org.frontdesk.reception.security.Tokens.admin());
        String json = given().when().get("/fhir/Practitioner/" + id).then().statusCode(200)
                .body("identifier[0].system", equalTo("http://hl7.org/fhir/sid/us-npi"))
                .body("identifier[0].value", equalTo(npi)).extract().asString();
        assertTrue(R4Validator.errors(json).isEmpty(), R4Validator.errors(json).toString());
        given().queryParam("identifier", "http://hl7.org/fhir/sid/us-npi|" + npi).when().get("/fhir/Practitioner")
                .then().body("total", equalTo(1)).body("entry[0].resource.id", equalTo(id));
        given().when().get("/fhir/Practitioner/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(org.frontdesk.reception.security.Tokens.ehr("system/Patient.rs"))
                .when().get("/fhir/Practitioner/" + id).then().statusCode(403);
    }
}
