package org.frontdesk.reception.patient;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.frontdesk.reception.patient.Patients.aPatient;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Consents are records (kind, decision, policy version, date, signed document, who), the newest
 * of a kind in force and the rest kept; the patient's SMS and e-mail flags are read from them,
 * whichever face records them.
 */
@QuarkusTest
class ConsentsTest {

    static final String FHIR_JSON = "application/fhir+json; charset=UTF-8";

    private static String register(boolean sms) {
        return PatientApiTest.register(aPatient().phone("+1 312 555 01" + (10 + (int) (Math.random() * 80)))
                        .with("consent", Map.of("sms", sms, "email", false)).json())
                .then().statusCode(201).extract().path("id");
    }

    private static Response record(String patientId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/patients/" + patientId + "/consents");
    }

    @Test
    void theDesksSmsTickIsAConsentRecordAndAChangeSupersedesIt() {
        String id = register(true);
        given().when().get("/api/v1/patients/" + id + "/consents").then().statusCode(200)
                .body("", hasSize(1)).body("[0].kind", equalTo("sms")).body("[0].decision", equalTo("permit"))
                .body("[0].source", equalTo("desk")).body("[0].policyVersion", equalTo("1"))
                .body("[0].current", equalTo(true));

        String etag = given().when().get("/api/v1/patients/" + id).then().statusCode(200).extract().header("ETag");
        given().contentType("application/merge-patch+json").header("If-Match", etag)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("consent", Map.of("sms", false, "email", false)))
                .when().patch("/api/v1/patients/" + id).then().statusCode(200).body("consent.sms", equalTo(false));

        given().when().get("/api/v1/patients/" + id + "/consents?kind=sms").then().statusCode(200)
                .body("", hasSize(2)).body("[0].decision", equalTo("deny")).body("[0].current", equalTo(true))
                .body("[1].decision", equalTo("permit")).body("[1].current", equalTo(false));
        given().when().get("/api/v1/patients/" + id + "/consents?current=true").then().statusCode(200)
                .body("", hasSize(1)).body("[0].decision", equalTo("deny"));
    }

    @Test
    void aConsentRecordedOnItsOwnIsWhatThePatientShows() {
        String id = register(false);
        Instant signed = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        record(id, Map.of("kind", "email", "decision", "permit", "policyVersion", "2026-03", "givenAt",
                signed.toString())).then().statusCode(201).body("kind", equalTo("email"))
                .body("policyVersion", equalTo("2026-03")).body("givenAt", equalTo(signed.toString()));
        given().when().get("/api/v1/patients/" + id).then().statusCode(200)
                .body("consent.email", equalTo(true)).body("consent.sms", equalTo(false))
                .body("consent.updatedAt", equalTo(signed.toString()));

        // the privacy notice, twice: the second supersedes the first, which stays as history
        String first = record(id, Map.of("kind", "privacy-notice", "decision", "permit", "policyVersion", "v3"))
                .then().statusCode(201).extract().path("id");
        String second = record(id, Map.of("kind", "privacy-notice", "decision", "permit", "policyVersion", "v4"))
                .then().statusCode(201).extract().path("id");
        given().when().get("/api/v1/patients/" + id + "/consents?kind=privacy-notice").then().statusCode(200)
                .body("", hasSize(2)).body("[0].id", equalTo(second)).body("[1].id", equalTo(first))
                .body("[1].supersededBy", equalTo(second)).body("[0].supersededBy", nullValue());
    }

    @Test
    void badConsentsAreRefusedNamingTheField() {
        String id = register(false);
        record(id, Map.of("kind", "marketing", "decision", "permit")).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors.pointer", hasItem("/kind"));
        record(id, Map.of("kind", "sms", "decision", "maybe")).then().statusCode(400)
                .body("errors.pointer", hasItem("/decision"));
        record(id, Map.of("kind", "sms", "decision", "permit", "givenAt", Instant.now().plus(2, ChronoUnit.DAYS)
                .toString())).then().statusCode(400).body("errors.pointer", hasItem("/givenAt"));
        record(id, Map.of("kind", "sms", "decision", "permit", "policyVersion", "../../etc")).then().statusCode(400)
                .body("errors.pointer", hasItem("/policyVersion"));
        record(UUID.randomUUID().toString(), Map.of("kind", "sms", "decision", "permit")).then().statusCode(404);
        given().when().get("/api/v1/patients/" + id + "/consents").then().statusCode(200).body("", hasSize(0));
    }

    private static String consent(String patientId, String kind, String type, String policy) {
        return """
                {"resourceType":"Consent","status":"active",
                 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
                 "category":[{"coding":[{"system":"https://fhir.frontdesk.example/CodeSystem/consent-kind","code":"%s"}]}],
                 "patient":{"reference":"Patient/%s"},"dateTime":"2026-01-05T10:00:00Z",
                 "policy":[{"uri":"%s"}],
                 "provision":{"type":"%s"}}""".formatted(kind, patientId, policy, type);
    }

    @Test
    void anEhrRecordsAndReadsConsentsAsFhir() {
        String id = register(true);
        String location = given().contentType(FHIR_JSON)
                .body(consent(id, "sms", "deny", "https://practice.example/policies/sms/7")).when().post("/fhir/Consent")
                .then().statusCode(201).body("resourceType", equalTo("Consent")).body("status", equalTo("active"))
                .body("provision.type", equalTo("deny")).body("policy[0].uri", equalTo("https://practice.example/policies/sms/7"))
                .extract().header("Location");
        given().when().get("/api/v1/patients/" + id).then().body("consent.sms", equalTo(false));
        given().when().get("/api/v1/patients/" + id + "/consents?current=true").then()
                .body("[0].source", equalTo("ehr")).body("[0].policyVersion", equalTo("7"));

        String consentId = location.replaceAll(".*/Consent/([^/]+).*", "$1");
        given().accept(FHIR_JSON).when().get("/fhir/Consent/" + consentId).then().statusCode(200)
                .body("patient.reference", equalTo("Patient/" + id))
                .body("category.coding.flatten().code", hasItem("59284-0"));
        // the desk's earlier tick is inactive now
        given().accept(FHIR_JSON).when().get("/fhir/Consent?patient=Patient/" + id + "&status=inactive").then()
                .statusCode(200).body("total", equalTo(1)).body("entry[0].resource.provision.type", equalTo("permit"));
        given().accept(FHIR_JSON).when().get("/fhir/Consent?patient=" + id + "&category=sms").then()
                .statusCode(200).body("total", equalTo(2));

        Map<String, String> bad = new HashMap<>();
        bad.put("Consent.category", consent(id, "marketing", "permit", "https://practice.example/policies/sms/7"));
        bad.put("Consent.policy.uri", consent(id, "sms", "permit", "https://elsewhere.example/sms/7"));
        bad.put("Consent.patient", consent(UUID.randomUUID().toString(), "sms", "permit",
                "https://practice.example/policies/sms/7"));
        for (var e : bad.entrySet()) {
            given().contentType(FHIR_JSON).body(e.getValue()).when().post("/fhir/Consent").then()
                    .statusCode(e.getKey().equals("Consent.patient") ? 404 : 400)
                    .contentType(startsWith("application/fhir+json"))
                    .body("resourceType", equalTo("OperationOutcome"))
                    // an unknown patient is not found; the other refusals name the element
                    .body(containsString(e.getKey().equals("Consent.patient") ? "Patient" : e.getKey()));
        }
        given().when().get("/api/v1/patients/" + id + "/consents").then().body("", hasSize(2));
    }

    private static String signedPdf(String patientId) {
        byte[] pdf = "%PDF-1.7\n% signed privacy notice\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return given().contentType("application/pdf").header("Idempotency-Key", UUID.randomUUID().toString()).body(pdf)
                .when().post("/api/v1/patients/" + patientId + "/documents?kind=consent&title=privacy-notice.pdf")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void aSignedNoticeKeepsItsDocumentAndOnlyThePatientsOwn() {
        String id = register(false);
        String other = register(false);
        String doc = signedPdf(id);
        String consent = record(id, Map.of("kind", "privacy-notice", "decision", "permit", "policyVersion", "2026-1",
                "documentId", doc)).then().statusCode(201).body("documentId", equalTo(doc)).extract().path("id");
        given().accept(FHIR_JSON).when().get("/fhir/Consent/" + consent).then().statusCode(200)
                .body("sourceReference.reference", equalTo("DocumentReference/" + doc))
                .body("policy[0].uri", equalTo("https://practice.example/policies/privacy-notice/2026-1"))
                .body("policyRule.coding[0].code", equalTo("hipaa-npp"));
        // another patient's signed document, or one that does not exist, is not this patient's signature
        record(other, Map.of("kind", "privacy-notice", "decision", "permit", "documentId", doc)).then().statusCode(400)
                .body("errors.pointer", hasItem("/documentId"));
        record(other, Map.of("kind", "privacy-notice", "decision", "permit", "documentId", UUID.randomUUID().toString()))
                .then().statusCode(400).body("errors.pointer", hasItem("/documentId"));
        given().when().get("/api/v1/patients/" + other + "/consents").then().body("", hasSize(0));
    }

    @Test
    void aCopyReadBeforeAConsentDecisionCannotWriteTheOldFlagsBack() {
        String id = register(true);
        String before = given().when().get("/api/v1/patients/" + id).then().statusCode(200).extract().header("ETag");
        // the patient says STOP to SMS (here recorded at the desk): a new version of the patient
        record(id, Map.of("kind", "sms", "decision", "deny")).then().statusCode(201);
        String after = given().when().get("/api/v1/patients/" + id).then().statusCode(200)
                .body("consent.sms", equalTo(false)).extract().header("ETag");
        org.junit.jupiter.api.Assertions.assertNotEquals(before, after);
        // a desk form loaded before it, sending sms=true back, is stale
        given().contentType("application/merge-patch+json").header("If-Match", before)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("preferredLanguage", "es")).when().patch("/api/v1/patients/" + id).then().statusCode(412);
        given().when().get("/api/v1/patients/" + id + "/consents?kind=sms&current=true").then()
                .body("[0].decision", equalTo("deny"));
        // the FHIR history has the new version, with the flag as it is now
        given().accept(FHIR_JSON).when().get("/fhir/Patient/" + id + "/_history").then().statusCode(200)
                .body("entry[0].resource.extension.find { it.url.endsWith('communication-consent') }"
                        + ".extension.find { it.url == 'sms' }.valueBoolean", equalTo(false));
    }
}
