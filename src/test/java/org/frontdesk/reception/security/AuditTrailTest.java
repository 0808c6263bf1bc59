package org.frontdesk.reception.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.fhir.R4Validator;
import org.frontdesk.reception.patient.Patients;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AuditTrailTest {

    @Inject
    EntityManager em;

    private static String register() {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Patients.aPatient().json()).when().post("/api/v1/patients").then().statusCode(201)
                .extract().path("id");
    }

    private static List<Map<String, Object>> trail(String patientId) {
        return given().queryParam("patient", patientId).queryParam("size", 100).when().get("/api/v1/audit").then()
                .statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void everyLookAndChangeIsRecordedWithWhoWhatAndOutcome() {
        String id = register();
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/patients/" + id).then().statusCode(200);
        given().when().get("/fhir/Patient/" + id).then().statusCode(200);

        List<Map<String, Object>> events = trail(id);
        assertEquals(3, events.size(), "create, read on /api, read on /fhir");
        Map<String, Object> read = events.stream().filter(e -> "billing-user-1".equals(e.get("subject"))).findFirst()
                .orElseThrow();
        assertEquals("read", read.get("action"));
        assertEquals("Patient", read.get("resourceType"));
        assertEquals(id, read.get("patientId"));
        assertEquals("billing", read.get("roles"));
        assertEquals("billing-user-1-client", read.get("clientId"));
        assertEquals(200, read.get("status"));
        assertEquals("success", read.get("outcome"));
        assertEquals("GET", read.get("httpMethod"));
        assertTrue(read.get("sourceIp") != null, "where the call came from");
        assertTrue(events.stream().anyMatch(e -> "create".equals(e.get("action")) && "desk-user-1".equals(e.get("subject"))));
        assertTrue(events.stream().anyMatch(e -> "ehr-system-1".equals(e.get("subject"))));
    }

    @Test
    void failedRequestsThatTouchedPatientDataAreRecordedWithTheirOutcome() {
        String id = register();
        given().contentType(ContentType.JSON).header("If-Match", "W/\"7\"").body(Patients.aPatient().json())
                .when().put("/api/v1/patients/" + id).then().statusCode(412);
        String missing = UUID.randomUUID().toString();
        given().when().get("/api/v1/patients/" + missing).then().statusCode(404);

        Map<String, Object> update = trail(id).stream().filter(e -> "update".equals(e.get("action"))).findFirst()
                .orElseThrow();
        assertEquals(412, update.get("status"));
        assertEquals("failure", update.get("outcome"));
        Map<String, Object> notFound = trail(missing).get(0);
        assertEquals(404, notFound.get("status"));
        assertEquals("failure", notFound.get("outcome"));
    }

    @Test
    void searchesAreRecordedWithTheirCriteria() {
        String family = Patients.uniqueFamily();
        given().queryParam("name", family).when().get("/api/v1/patients").then().statusCode(200);
        List<Map<String, Object>> mine = given().queryParam("agent", "desk-user-1").queryParam("size", 500)
                .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getList("items");
        assertTrue(mine.stream().anyMatch(e -> "search".equals(e.get("action"))
                && String.valueOf(e.get("query")).contains(family)));
    }

    @Test
    void onlyAdminsReadTheTrail() {
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/audit").then().statusCode(403);
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/audit").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).when().get("/api/v1/audit").then().statusCode(200);
    }

    @Test
    void theTrailIsAppendOnlyInTheDatabase() {
        register();
        Exception update = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("update audit_event set subject = 'someone-else'").executeUpdate()));
        assertTrue(rootMessage(update).contains("append-only"), rootMessage(update));
        Exception delete = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from audit_event").executeUpdate()));
        assertTrue(rootMessage(delete).contains("append-only"), rootMessage(delete));
        Exception truncate = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("truncate audit_event").executeUpdate()));
        assertTrue(rootMessage(truncate).contains("append-only"), rootMessage(truncate));
    }

    @Test
    void theTrailIsReadableAsFhirAuditEventsThatValidate() {
        String id = register();
        given().when().get("/fhir/Patient/" + id).then().statusCode(200);
        String bundle = given().auth().oauth2(Tokens.admin()).queryParam("patient", "Patient/" + id)
                .when().get("/fhir/AuditEvent").then()
                .statusCode(200)
                .body("resourceType", equalTo("Bundle"))
                .body("total", equalTo(2))
                .body("entry.resource.entity[0].what.reference", hasItem("Patient/" + id))
                .body("entry.resource.agent[0].who.display", hasItem("ehr-system-1"))
                .extract().asString();
        String firstId = JsonPath.from(bundle).getString("entry[0].resource.id");
        String one = given().auth().oauth2(Tokens.admin()).when().get("/fhir/AuditEvent/" + firstId).then().statusCode(200)
                .body("resourceType", equalTo("AuditEvent")).extract().asString();
        List<String> errors = R4Validator.errors(one);
        assertTrue(errors.isEmpty(), "AuditEvent is not valid R4: " + errors);
        given().auth().oauth2(Tokens.admin()).queryParam("agent", "ehr-system-1").queryParam("date", "ge2020-01-01")
                .when().get("/fhir/AuditEvent").then().statusCode(200)
                .body("entry.resource.agent[0].who.display", hasItem("ehr-system-1"));
        // the trail holds every caller's searches and staff identities: no EHR reads it, whatever its scopes
        given().auth().oauth2(Tokens.ehr("system/*.rs")).when().get("/fhir/AuditEvent").then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        given().auth().oauth2(Tokens.ehr("system/*.rs")).when().get("/fhir/AuditEvent/" + firstId).then()
                .statusCode(403);
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
