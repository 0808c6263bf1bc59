package org.frontdesk.reception.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.frontdesk.reception.patient.Patients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls every endpoint with every role (and with no token) and checks who is let in:
 * anonymous callers get 401, callers whose role doesn't allow the call get 403, everyone
 * else gets past the door (whatever the endpoint then answers).
 */
@QuarkusTest
class RoleMatrixTest {

    private static final String NONE = "anonymous";
    private static final List<String> CALLERS = List.of(NONE, Roles.FRONT_DESK, Roles.BILLING, Roles.EHR_SYSTEM,
            Roles.ADMIN);

    private static String patientId;

    /** method, path template, body content type, body, roles allowed ("*" = anyone, even without a token). */
    record Endpoint(String method, String path, String contentType, String body, Set<String> allowed) {
    }

    private static final List<Endpoint> MATRIX = new ArrayList<>();

    @BeforeEach
    void createAPatientOnce() {
        if (patientId != null) {
            return;
        }
        patientId = given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Patients.aPatient().json())
                .when().post("/api/v1/patients").then().statusCode(201).extract().path("id");
        String apiPatient = "{\"names\":[{\"family\":\"Matrix\"}],\"gender\":\"male\",\"birthDate\":\"1980-01-01\"}";
        String fhirPatient = "{\"resourceType\":\"Patient\",\"id\":\"{id}\",\"name\":[{\"family\":\"Matrix\"}]}";
        String match = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":"
                + "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Matrix\"}]}}]}";
        Set<String> desk = Set.of(Roles.FRONT_DESK);
        Set<String> deskAndBilling = Set.of(Roles.FRONT_DESK, Roles.BILLING);
        Set<String> ehr = Set.of(Roles.EHR_SYSTEM);
        MATRIX.clear();
        MATRIX.add(new Endpoint("POST", "/api/v1/patients", "application/json", apiPatient, desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients", null, null, deskAndBilling));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{id}", null, null, deskAndBilling));
        MATRIX.add(new Endpoint("PUT", "/api/v1/patients/{id}", "application/json", apiPatient, desk));
        MATRIX.add(new Endpoint("PATCH", "/api/v1/patients/{id}", "application/merge-patch+json", "{}", desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{id}/possible-duplicates", null, null, desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/audit", null, null, Set.of(Roles.ADMIN)));
        Set<String> admin = Set.of(Roles.ADMIN);
        Set<String> everyoneAtTheDesks = Set.of(Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN);
        Set<String> deskAndAdmin = Set.of(Roles.FRONT_DESK, Roles.ADMIN);
        String json = "application/json";
        MATRIX.add(new Endpoint("POST", "/api/v1/locations", json, "{\"name\":\"M\",\"timeZone\":\"UTC\"}", admin));
        MATRIX.add(new Endpoint("GET", "/api/v1/locations", null, null, everyoneAtTheDesks));
        MATRIX.add(new Endpoint("GET", "/api/v1/locations/{id}", null, null, everyoneAtTheDesks));
        MATRIX.add(new Endpoint("GET", "/api/v1/locations/{id}/day", null, null, desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/locations/{id}/events", null, null, desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/practitioners", json, "{}", admin));
        MATRIX.add(new Endpoint("GET", "/api/v1/practitioners", null, null, everyoneAtTheDesks));
        MATRIX.add(new Endpoint("GET", "/api/v1/practitioners/{id}", null, null, everyoneAtTheDesks));
        MATRIX.add(new Endpoint("POST", "/api/v1/practitioners/{id}/availability", json, "{}", admin));
        MATRIX.add(new Endpoint("GET", "/api/v1/practitioners/{id}/availability", null, null, deskAndAdmin));
        MATRIX.add(new Endpoint("POST", "/api/v1/visit-types", json, "{}", admin));
        MATRIX.add(new Endpoint("GET", "/api/v1/visit-types", null, null, everyoneAtTheDesks));
        MATRIX.add(new Endpoint("POST", "/api/v1/availability-exceptions", json, "{}", deskAndAdmin));
        MATRIX.add(new Endpoint("GET", "/api/v1/slots", null, null, desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/holds", json, "{}", desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/waitlist", json, "{}", desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/locations/{id}/waitlist", null, null, desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/appointments/{id}/decline-offer", json, "{}", desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/appointments", json, "{}", desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/appointments", null, null, desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/appointments/{id}", null, null, desk));
        for (String action : new String[]{"reschedule", "cancel", "no-show"}) {
            MATRIX.add(new Endpoint("POST", "/api/v1/appointments/{id}/" + action, json, "{}", desk));
        }
        for (String action : new String[]{"arrive", "check-in", "check-out"}) {
            MATRIX.add(new Endpoint("POST", "/api/v1/appointments/{id}/" + action, null, null, desk));
        }
        MATRIX.add(new Endpoint("POST", "/api/v1/appointments/{id}/eligibility", json, "{}", desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/payers", json, "{}", admin));
        MATRIX.add(new Endpoint("GET", "/api/v1/payers", null, null, everyoneAtTheDesks));
        MATRIX.add(new Endpoint("GET", "/api/v1/payers/{id}", null, null, everyoneAtTheDesks));
        MATRIX.add(new Endpoint("PUT", "/api/v1/payers/{id}", json, "{}", admin));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{patientId}/coverages", null, null, deskAndBilling));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{patientId}/consents", null, null, deskAndBilling));
        MATRIX.add(new Endpoint("POST", "/api/v1/patients/{patientId}/consents", json, "{}", desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/patients/{patientId}/coverages", json, "{}", desk));
        MATRIX.add(new Endpoint("PUT", "/api/v1/patients/{patientId}/coverages/order", json, "{}", desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/coverages/{id}", null, null, deskAndBilling));
        MATRIX.add(new Endpoint("PUT", "/api/v1/coverages/{id}", json, "{}", desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/coverages/{id}/end", json, "{}", desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/coverages/{id}/eligibility", json, "{}", deskAndBilling));
        MATRIX.add(new Endpoint("GET", "/api/v1/coverages/{id}/eligibility", null, null, deskAndBilling));
        MATRIX.add(new Endpoint("PUT", "/api/v1/coverages/{id}/card/front", "image/jpeg", "x", desk));
        MATRIX.add(new Endpoint("PUT", "/api/v1/coverages/{id}/card/back", "image/jpeg", "x", desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/patients/{patientId}/documents", "image/jpeg", "x", desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{patientId}/documents", null, null, deskAndBilling));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{patientId}/documents/{documentId}", null, null, deskAndBilling));
        // an EHR follows a DocumentReference's attachment url to the bytes
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{patientId}/documents/{documentId}/content", null, null,
                Set.of(Roles.FRONT_DESK, Roles.BILLING, Roles.EHR_SYSTEM)));
        MATRIX.add(new Endpoint("GET", "/api/v1/eligibility-checks/{id}", null, null, deskAndBilling));
        MATRIX.add(new Endpoint("GET", "/fhir/Coverage", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Consent", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/Consent", "application/fhir+json", "{\"resourceType\":\"Consent\"}", ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Consent/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/Coverage", "application/fhir+json", "{\"resourceType\":\"Coverage\"}", ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Coverage/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("PUT", "/fhir/Coverage/{id}", "application/fhir+json", "{\"resourceType\":\"Coverage\"}", ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Organization", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Organization/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/CoverageEligibilityRequest/$submit", "application/fhir+json",
                "{\"resourceType\":\"CoverageEligibilityRequest\"}", ehr));
        Set<String> billingAndDesk = Set.of(Roles.BILLING, Roles.FRONT_DESK);
        MATRIX.add(new Endpoint("GET", "/api/v1/codes", null, null, billingAndDesk));
        MATRIX.add(new Endpoint("POST", "/api/v1/codes/validate", json, "{}", billingAndDesk));
        MATRIX.add(new Endpoint("POST", "/api/v1/claims/scrub", json, "{}", Set.of(Roles.BILLING)));
        MATRIX.add(new Endpoint("GET", "/api/v1/code-sets", null, null, Set.of(Roles.ADMIN, Roles.BILLING)));
        MATRIX.add(new Endpoint("POST", "/api/v1/code-sets", json, "{}", admin));
        MATRIX.add(new Endpoint("GET", "/fhir/CodeSystem/$validate-code", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/CodeSystem/$lookup", null, null, ehr));
        Set<String> billing = Set.of(Roles.BILLING);
        MATRIX.add(new Endpoint("POST", "/api/v1/claims", json, "{}", billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/claims", null, null, billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/claims/{id}", null, null, billing));
        MATRIX.add(new Endpoint("PUT", "/api/v1/claims/{id}", json, "{}", billing));
        for (String action : new String[]{"scrub", "submit", "void", "replace"}) {
            MATRIX.add(new Endpoint("POST", "/api/v1/claims/{id}/" + action, null, null, billing));
        }
        MATRIX.add(new Endpoint("PUT", "/api/v1/fee-schedule/{code}", json, "{}", Set.of(Roles.ADMIN, Roles.BILLING)));
        MATRIX.add(new Endpoint("POST", "/api/v1/remittances", "text/plain", "ISA", billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/remittances", null, null, billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/remittances/{id}", null, null, billing));
        MATRIX.add(new Endpoint("POST", "/api/v1/x12/inbound", "text/plain", "ISA", billing));
        MATRIX.add(new Endpoint("POST", "/api/v1/x12/837-batches", json, "{}", billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/x12/837-batches/{id}", null, null, billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/x12/837-batches/{id}/837", null, null, billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/claims/waiting-on-secondary", null, null, billing));
        MATRIX.add(new Endpoint("POST", "/api/v1/claims/{id}/secondary", null, null, billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/billing/ar-aging", null, null, billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/billing/denials", null, null, billing));
        MATRIX.add(new Endpoint("POST", "/api/v1/statements/runs", json, "{}", billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/statements", null, null, billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/statements/{id}", null, null, billing));
        MATRIX.add(new Endpoint("GET", "/api/v1/statements/{id}/pdf", null, null, billing));
        MATRIX.add(new Endpoint("POST", "/api/v1/statements/{id}/sent", json, "{\"via\":\"mail\"}", billing));
        Set<String> money = Set.of(Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN);
        Set<String> adjust = Set.of(Roles.BILLING, Roles.ADMIN);
        MATRIX.add(new Endpoint("GET", "/api/v1/appointments/{appointmentId}/amount-due", null, null, money));
        MATRIX.add(new Endpoint("POST", "/api/v1/payments", json, "{}", money));
        MATRIX.add(new Endpoint("GET", "/api/v1/payments", null, null, money));
        MATRIX.add(new Endpoint("GET", "/api/v1/payments/{id}", null, null, money));
        MATRIX.add(new Endpoint("GET", "/api/v1/payments/{id}/receipt", null, null, money));
        MATRIX.add(new Endpoint("POST", "/api/v1/payments/{id}/refund", json, "{\"amount\":1,\"reason\":\"r\"}", adjust));
        MATRIX.add(new Endpoint("POST", "/api/v1/payments/{id}/void", json, "{\"reason\":\"r\"}", adjust));
        MATRIX.add(new Endpoint("PUT", "/api/v1/self-pay-fees/{visitTypeId}", json, "{}", adjust));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{patientId}/balance", null, null, money));
        MATRIX.add(new Endpoint("GET", "/api/v1/locations/{locationId}/days/{date}", null, null, money));
        MATRIX.add(new Endpoint("POST", "/api/v1/locations/{locationId}/days/{date}/close", json, "{}", money));
        MATRIX.add(new Endpoint("POST", "/api/v1/day-closes/{closeId}/corrections", json, "{}", money));
        MATRIX.add(new Endpoint("GET", "/api/v1/reports/desk", null, null, Set.of(Roles.ADMIN, Roles.BILLING)));
        MATRIX.add(new Endpoint("POST", "/api/v1/reminders/replies", json, "{\"text\":\"C\"}", Set.of(Roles.MESSAGING)));
        MATRIX.add(new Endpoint("GET", "/api/v1/appointments/{appointmentId}/reminders", null, null,
                Set.of(Roles.FRONT_DESK, Roles.ADMIN)));
        MATRIX.add(new Endpoint("GET", "/fhir/Claim", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Claim/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/Claim", "application/fhir+json", "{\"resourceType\":\"Claim\"}", ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/Claim/$submit", "application/fhir+json", "{\"resourceType\":\"Claim\"}", ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/ClaimResponse", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/ClaimResponse/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/ClaimResponse", "application/fhir+json",
                "{\"resourceType\":\"ClaimResponse\"}", Set.of(Roles.INSURER)));
        MATRIX.add(new Endpoint("GET", "/fhir/metadata", null, null, Set.of("*")));
        MATRIX.add(new Endpoint("GET", "/fhir/Patient", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/Patient", "application/fhir+json",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Matrix\"}]}", ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Patient/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("PUT", "/fhir/Patient/{id}", "application/fhir+json", fhirPatient, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/Patient/$match", "application/fhir+json", match, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/AuditEvent", null, null, Set.of(Roles.ADMIN)));
        MATRIX.add(new Endpoint("GET", "/fhir/Practitioner", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Practitioner/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Schedule", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Schedule/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Slot", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Slot/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Appointment", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Appointment/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Appointment/$find", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/Appointment/$hold", "application/fhir+json", "{\"resourceType\":\"Parameters\"}", ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/Appointment/$book", "application/fhir+json", "{\"resourceType\":\"Parameters\"}", ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/AuditEvent/{id}", null, null, Set.of(Roles.ADMIN)));
        String fhirJson = "application/fhir+json";
        String patch = "application/json-patch+json";
        for (String type : new String[]{"Patient", "Coverage", "Appointment", "Practitioner", "Location"}) {
            MATRIX.add(new Endpoint("GET", "/fhir/" + type + "/{id}/_history/1", null, null, ehr));
            MATRIX.add(new Endpoint("GET", "/fhir/" + type + "/{id}/_history", null, null, ehr));
            MATRIX.add(new Endpoint("GET", "/fhir/" + type + "/_history", null, null, ehr));
        }
        for (String type : new String[]{"Patient", "Appointment", "Practitioner", "Location"}) {
            MATRIX.add(new Endpoint("PATCH", "/fhir/" + type + "/{id}", patch, "[]", ehr));
        }
        for (String type : new String[]{"Practitioner", "Location", "PractitionerRole", "Schedule", "Slot", "Appointment",
                "Organization"}) {
            MATRIX.add(new Endpoint("POST", "/fhir/" + type, fhirJson, "{\"resourceType\":\"" + type + "\"}", ehr));
            MATRIX.add(new Endpoint("PUT", "/fhir/" + type + "/{id}", fhirJson, "{\"resourceType\":\"" + type + "\"}", ehr));
        }
        for (String type : new String[]{"Location", "PractitionerRole", "Encounter"}) {
            MATRIX.add(new Endpoint("GET", "/fhir/" + type, null, null, ehr));
            MATRIX.add(new Endpoint("GET", "/fhir/" + type + "/{id}", null, null, ehr));
        }
        MATRIX.add(new Endpoint("DELETE", "/fhir/Slot/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/CoverageEligibilityResponse/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/DocumentReference", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/DocumentReference/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/DocumentReference", "application/fhir+json",
                "{\"resourceType\":\"DocumentReference\"}", ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Subscription", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Subscription/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/Subscription", fhirJson, "{\"resourceType\":\"Subscription\"}", ehr));
        MATRIX.add(new Endpoint("PUT", "/fhir/Subscription/{id}", fhirJson, "{\"resourceType\":\"Subscription\"}", ehr));
        MATRIX.add(new Endpoint("DELETE", "/fhir/Subscription/{id}", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Subscription/$status", null, null, ehr));
        MATRIX.add(new Endpoint("GET", "/fhir/Subscription/{id}/$status", null, null, ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/CodeSystem/$validate-code", fhirJson, "{\"resourceType\":\"Parameters\"}", ehr));
        MATRIX.add(new Endpoint("POST", "/fhir/CodeSystem/$lookup", fhirJson, "{\"resourceType\":\"Parameters\"}", ehr));
        MATRIX.add(new Endpoint("POST", "/fhir", fhirJson, "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}",
                CALLERS.stream().filter(c -> !c.equals(NONE)).collect(java.util.stream.Collectors.toSet())));
        MATRIX.add(new Endpoint("GET", "/fhir/.well-known/smart-configuration", null, null, Set.of("*")));
        // intake forms: admins publish, the desk sends and decides, the patient answers by link (no login)
        MATRIX.add(new Endpoint("POST", "/api/v1/appointments/{appointmentId}/intake-form", json,
                "{\"questionnaire\":\"urn:x|1\"}", desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/appointments/{appointmentId}/intake-form", null, null, desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/intake/form", null, null, Set.of("*")));
        MATRIX.add(new Endpoint("POST", "/api/v1/intake/response", json, "{}", Set.of("*")));
        MATRIX.add(new Endpoint("PUT", "/api/v1/intake/card/{side}", "image/jpeg", "x", Set.of("*")));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{patientId}/proposed-changes", null, null, desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/patients/{patientId}/proposed-changes/{changeId}/accept", null, null, desk));
        MATRIX.add(new Endpoint("POST", "/api/v1/patients/{patientId}/proposed-changes/{changeId}/reject", json, "{}", desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/patients/{patientId}/proposed-changes/{changeId}/photos/{side}", null, null, desk));
        MATRIX.add(new Endpoint("GET", "/api/v1/proposed-changes", null, null, desk));
        Set<String> formReaders = Set.of(Roles.ADMIN, Roles.FRONT_DESK, Roles.EHR_SYSTEM);
        MATRIX.add(new Endpoint("GET", "/fhir/Questionnaire", null, null, formReaders));
        MATRIX.add(new Endpoint("GET", "/fhir/Questionnaire/{id}", null, null, formReaders));
        MATRIX.add(new Endpoint("POST", "/fhir/Questionnaire", fhirJson, "{\"resourceType\":\"Questionnaire\"}", admin));
        MATRIX.add(new Endpoint("PUT", "/fhir/Questionnaire/{id}", fhirJson, "{\"resourceType\":\"Questionnaire\"}", admin));
        Set<String> deskAndEhr = Set.of(Roles.FRONT_DESK, Roles.EHR_SYSTEM);
        MATRIX.add(new Endpoint("GET", "/fhir/QuestionnaireResponse", null, null, deskAndEhr));
        MATRIX.add(new Endpoint("GET", "/fhir/QuestionnaireResponse/{id}", null, null, deskAndEhr));
        MATRIX.add(new Endpoint("POST", "/fhir/QuestionnaireResponse", fhirJson,
                "{\"resourceType\":\"QuestionnaireResponse\"}", deskAndEhr));
    }

    @Test
    void everyEndpointLetsInExactlyTheRolesAllowed() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : MATRIX) {
            for (String caller : CALLERS) {
                RequestSpecification req = given();
                if (caller.equals(NONE)) {
                    req.header(DefaultTokens.ANONYMOUS, "1");
                } else {
                    req.auth().oauth2(Tokens.of(caller, caller + "-matrix", Tokens.ALL_SCOPES));
                }
                if (e.body() != null && e.contentType().startsWith("image/")) {
                    req.contentType(e.contentType()).body(e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else if (e.body() != null) {
                    req.contentType(e.contentType()).body(e.body().replace("{id}", patientId));
                }
                req.header("Idempotency-Key", UUID.randomUUID().toString()).header("If-Match", "*");
                String path = e.path().replaceAll("\\{[A-Za-z]+\\}",
                        e.path().startsWith("/fhir/AuditEvent") ? "1" : patientId);
                int status = req.when().request(e.method(), path).then().extract().statusCode();
                boolean allowed = e.allowed().contains("*") || e.allowed().contains(caller);
                int expectedDenial = caller.equals(NONE) ? 401 : 403;
                if (allowed && (status == 401 || status == 403)) {
                    wrong.add(caller + " " + e.method() + " " + e.path() + " was refused with " + status);
                } else if (!allowed && status != expectedDenial) {
                    wrong.add(caller + " " + e.method() + " " + e.path() + " got " + status + ", expected " + expectedDenial);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void theMatrixCoversEveryOperationOfTheApiContract() throws Exception {
        JsonNode openapi = new ObjectMapper().readTree(given().header(DefaultTokens.ANONYMOUS, "1")
                .queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().asString());
        Set<String> contract = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openapi.get("paths").fields();
        while (paths.hasNext()) {
            var p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> contract.add(m.toUpperCase() + " " + p.getKey()));
        }
        Set<String> covered = new TreeSet<>();
        MATRIX.stream().filter(e -> e.path().startsWith("/api")).forEach(e -> covered.add(e.method() + " " + e.path()));
        assertEquals(contract, covered);
    }

    @Test
    void theMatrixCoversEveryFhirInteractionInTheCapabilityStatement() {
        var resources = given().when().get("/fhir/metadata").then().statusCode(200).extract().jsonPath()
                .getList("rest[0].resource", Map.class);
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (Map<?, ?> r : resources) {
            Set<String> calls = new TreeSet<>();
            String type = (String) r.get("type");
            Object interactions = r.get("interaction");
            for (Object i : interactions == null ? List.of() : (List<?>) interactions) {
                String code = (String) ((Map<?, ?>) i).get("code");
                calls.add(switch (code) {
                    case "read" -> "GET /fhir/" + type + "/{id}";
                    case "update" -> "PUT /fhir/" + type + "/{id}";
                    case "create" -> "POST /fhir/" + type;
                    case "search-type" -> "GET /fhir/" + type;
                    case "vread" -> "GET /fhir/" + type + "/{id}/_history/1";
                    case "history-instance" -> "GET /fhir/" + type + "/{id}/_history";
                    case "history-type" -> "GET /fhir/" + type + "/_history";
                    case "patch" -> "PATCH /fhir/" + type + "/{id}";
                    case "delete" -> "DELETE /fhir/" + type + "/{id}";
                    default -> code + " " + type;
                });
            }
            Object ops = r.get("operation");
            if (ops != null) {
                for (Object o : (List<?>) ops) {
                    calls.add("/fhir/" + type + "/$" + ((Map<?, ?>) o).get("name"));
                }
            }
            declared.put(type, calls);
        }
        Set<String> covered = new TreeSet<>();
        MATRIX.forEach(e -> covered.add(e.method() + " " + e.path()));
        declared.values().forEach(calls -> calls.forEach(c -> assertTrue(c.startsWith("/")
                ? covered.contains("GET " + c) || covered.contains("POST " + c) : covered.contains(c),
                "not in the matrix: " + c)));
    }
}
