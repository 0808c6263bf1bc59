package org.frontdesk.reception.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.frontdesk.reception.patient.Patients;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * Runs a whole intake flow on both faces, including refused and failing requests, while
 * capturing every log record of the application, and checks that no name, birth date, phone,
 * e-mail or identifier of the patient appears in any of them.
 */
@QuarkusTest
class NoPhiInLogsTest {

    @Test
    void anIntakeFlowLogsNoPatientData() {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                StringBuilder sb = new StringBuilder(String.valueOf(text));
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    sb.append('\n').append(trace);
                }
                lines.add(sb.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String family = Patients.uniqueFamily();
        String given = "Quintessa";
        String birthDate = "1961-07-19";
        String phone = "555-867-" + (1000 + (int) (Math.random() * 8999));
        String email = family.toLowerCase() + "@mail.example";
        String ssn = "9" + (10_000_000 + (int) (Math.random() * 89_999_999));
        try {
            // proves the capture sees the application's log records
            org.jboss.logging.Logger.getLogger("org.frontdesk.reception").info("phi-capture-probe");
            Map<String, Object> body = Patients.aPatient().named(given, family).born(birthDate).phone(phone).email(email)
                    .with("identifiers", List.of(Map.of("system", "http://hl7.org/fhir/sid/us-ssn", "value", ssn)))
                    .json();
            String id = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(body).when().post("/api/v1/patients").then().statusCode(201).extract().path("id");
            // the same person again: refused as a likely duplicate
            given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(body).when().post("/api/v1/patients").then().statusCode(409);
            given().queryParam("name", family).queryParam("phone", phone).when().get("/api/v1/patients").then()
                    .statusCode(200);
            given().contentType("application/merge-patch+json").header("If-Match", "W/\"0\"")
                    .body(Map.of("preferredLanguage", "es")).when().patch("/api/v1/patients/" + id).then().statusCode(200);
            given().contentType("application/merge-patch+json").header("If-Match", "W/\"1\"")
                    .body(Map.of("birthDate", "not-" + birthDate)).when().patch("/api/v1/patients/" + id).then()
                    .statusCode(400);
            given().contentType("application/merge-patch+json").header("If-Match", "W/\"0\"")
                    .body(Map.of("preferredLanguage", "fr")).when().patch("/api/v1/patients/" + id).then()
                    .statusCode(412);
            given().auth().oauth2(Tokens.badSignature()).when().get("/api/v1/patients/" + id).then().statusCode(401);
            String fhir = """
                    {"resourceType":"Patient","identifier":[{"system":"http://hl7.org/fhir/sid/us-ssn","value":"%s"}],
                     "name":[{"family":"%s","given":["%s"]}],"birthDate":"%s",
                     "telecom":[{"system":"phone","value":"%s"}]}""".formatted(ssn, family, given, birthDate, phone);
            given().contentType("application/fhir+json").body(fhir).when().post("/fhir/Patient").then().statusCode(201);
            given().contentType("application/fhir+json").body(fhir.replace(birthDate, birthDate + "x"))
                    .when().post("/fhir/Patient").then().statusCode(400);
            given().queryParam("family", family).queryParam("birthdate", birthDate).when().get("/fhir/Patient").then()
                    .statusCode(200);
            given().queryParam("identifier", "http://hl7.org/fhir/sid/us-ssn|" + ssn).when().get("/fhir/Patient")
                    .then().statusCode(200);
            given().contentType("application/fhir+json").body("""
                    {"resourceType":"Parameters","parameter":[{"name":"resource","resource":%s}]}""".formatted(fhir))
                    .when().post("/fhir/Patient/$match").then().statusCode(200);
            given().queryParam("patient", id).when().get("/api/v1/audit").then().statusCode(200);
        } finally {
            root.removeHandler(capture);
        }
        String all = String.join("\n", lines);
        assertTrue(all.contains("phi-capture-probe"), "the log capture saw nothing");
        for (String phi : List.of(family, family.toLowerCase(), given, birthDate, phone, phone.replace("-", ""), email, ssn)) {
            assertFalse(all.contains(phi), "log output contains patient data '" + phi + "':\n" + all);
        }
    }
}
