package org.frontdesk.reception.shared;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.frontdesk.reception.patient.Patients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Bad input always gets a clear 4xx in the face's own error format, and no body ever carries a
 * stack trace, a Java class name or SQL.
 */
@QuarkusTest
class BadInputTest {

    private static ValidatableResponse noLeaks(ValidatableResponse r) {
        return r.body(not(containsString("Exception")))
                .body(not(containsString("java.")))
                .body(not(containsString("org.frontdesk")))
                .body(not(containsString("org.hibernate")))
                .body(not(containsString("\tat ")))
                .body(not(containsString("select ")))
                .body(not(containsString("insert into")));
    }

    private static ValidatableResponse postApi(String contentType, String body) {
        return given().contentType(contentType).header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/patients").then();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON           | {"names":[                                                               | /problems/malformed-json  |
            not JSON at all          | hello                                                                    | /problems/malformed-json  |
            wrong type               | {"names":"x","gender":"male","birthDate":"1980-01-01"}                  | /problems/invalid-request | /names
            unknown enum value       | {"names":[{"family":"X"}],"gender":"robot","birthDate":"1980-01-01"}    | /problems/invalid-request | /gender
            impossible date          | {"names":[{"family":"X"}],"gender":"male","birthDate":"1980-02-30"}     | /problems/invalid-request | /birthDate
            unknown field            | {"names":[{"family":"X"}],"gender":"male","birthDate":"1980-01-01","x":1} | /problems/invalid-request | /x
            nested wrong type        | {"names":[{"family":"X","given":"Al"}],"gender":"male","birthDate":"1980-01-01"} | /problems/invalid-request | /names/0/given
            empty name               | {"names":[{}],"gender":"male","birthDate":"1980-01-01"}                 | /problems/invalid-request | /names/0
            future birth date        | {"names":[{"family":"X"}],"gender":"male","birthDate":"2999-01-01"}     | /problems/invalid-request | /birthDate
            bad telecom system       | {"names":[{"family":"X"}],"gender":"male","birthDate":"1980-01-01","telecoms":[{"system":"pigeon","value":"1"}]} | /problems/invalid-request | /telecoms/0/system
            bad race code            | {"names":[{"family":"X"}],"gender":"male","birthDate":"1980-01-01","race":["white"]} | /problems/invalid-request | /race/0
            JSON array body          | []                                                                       | /problems/invalid-request |
            """)
    void badJsonOnTheApiIsA400ProblemWithAPointer(String what, String body, String type, String pointer) {
        ValidatableResponse r = postApi("application/json", body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(type))
                .body("status", equalTo(400))
                .body("title", org.hamcrest.Matchers.notNullValue());
        if (pointer != null) {
            r.body("errors[0].pointer", equalTo(pointer));
        }
        noLeaks(r);
    }

    @Test
    void missingBodyIs400() {
        noLeaks(postApi("application/json", "").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("body")));
    }

    @Test
    void wrongContentTypeIs415OnBothFaces() {
        noLeaks(postApi("text/plain", "hello").statusCode(415).contentType("application/problem+json"));
        noLeaks(given().contentType("text/plain").body("hello").when().post("/fhir/Patient").then()
                .statusCode(415).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("not-supported")));
    }

    @Test
    void unacceptableAcceptIs406() {
        noLeaks(given().accept("image/png").when().get("/api/v1/patients").then().statusCode(406));
    }

    @Test
    void oversizeBodyIs413OnBothFaces() {
        String big = "{\"names\":[{\"family\":\"" + "a".repeat(1_100_000) + "\"}]}";
        noLeaks(postApi("application/json", big).statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("/problems/body-too-large")));
        noLeaks(given().contentType("application/fhir+json").body(big).when().post("/fhir/Patient").then()
                .statusCode(413).body("resourceType", equalTo("OperationOutcome")));
    }

    @Test
    void unknownIdsAre404OnBothFaces() {
        noLeaks(given().when().get("/api/v1/patients/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json"));
        noLeaks(given().when().get("/fhir/Patient/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(startsWith("application/fhir+json")).body("issue[0].code", equalTo("not-found")));
        noLeaks(given().when().get("/fhir/Patient/'; drop table patient; --").then().statusCode(404));
        noLeaks(given().when().get("/api/v1/nothing-here").then().statusCode(404));
    }

    @Test
    void wrongMethodIs405() {
        noLeaks(given().when().delete("/api/v1/patients").then().statusCode(405));
        noLeaks(given().when().delete("/fhir/Patient/" + UUID.randomUUID()).then().statusCode(405)
                .body("resourceType", equalTo("OperationOutcome")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON       | {"resourceType":"Patient","name":[            | Patient
            unknown element      | {"resourceType":"Patient","nickname":"Al"}    | Patient.nickname
            invalid date         | {"resourceType":"Patient","birthDate":"tomorrow"} | Patient.birthDate
            invalid code         | {"resourceType":"Patient","gender":"robot"}   | Patient.gender
            wrong resource type  | {"resourceType":"Observation","status":"final"} | Patient
            not a resource       | {"hello":"world"}                             | Patient
            """)
    void badFhirIsA400OperationOutcomeWithAnExpression(String what, String body, String expression) {
        noLeaks(given().contentType("application/fhir+json").body(body).when().post("/fhir/Patient").then()
                .statusCode(400)
                .contentType(startsWith("application/fhir+json"))
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].severity", equalTo("error"))
                .body("issue[0].expression[0]", equalTo(expression)));
    }

    @Test
    void badIfMatchIs400() {
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Patients.aPatient().json()).when().post("/api/v1/patients").then().statusCode(201)
                .extract().path("id");
        noLeaks(given().contentType(ContentType.JSON).header("If-Match", "banana").body(Patients.aPatient().json())
                .when().put("/api/v1/patients/" + id).then().statusCode(400));
    }

    @Test
    void malformedIdempotencyKeyIs400() {
        noLeaks(given().contentType(ContentType.JSON).header("Idempotency-Key", "x".repeat(300))
                .body(Patients.aPatient().json()).when().post("/api/v1/patients").then().statusCode(400));
    }

    /** What the framework answers for a path or query parameter it cannot convert (as for every other endpoint). */
    private static final int DATE_IN_PATH = 404;
    private static final int DATE_IN_QUERY = 404;

    @Test
    void moneyRemindersAndReportsAnswerBadInputWithProblems() {
        String billing = org.frontdesk.reception.security.Tokens.billing();
        String admin = org.frontdesk.reception.security.Tokens.admin();
        noLeaks(given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"patientId\":\"" + UUID.randomUUID() + "\",\"method\":\"cash\",\"amount\":\"ten\"}")
                .when().post("/api/v1/payments").then().statusCode(400).contentType("application/problem+json"));
        noLeaks(given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"patientId\":\"" + UUID.randomUUID() + "\",\"method\":\"cash\",\"amount\":5,"
                        + "\"locationId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/api/v1/payments").then().statusCode(400).body("errors.pointer",
                        org.hamcrest.Matchers.hasItems("/patientId", "/locationId")));
        noLeaks(given().when().get("/api/v1/payments").then().statusCode(400).contentType("application/problem+json"));
        noLeaks(given().auth().oauth2(billing).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body("{\"amount\":1,\"reason\":\"r\"}")
                .when().post("/api/v1/payments/" + UUID.randomUUID() + "/refund").then().statusCode(404)
                .contentType("application/problem+json"));
        noLeaks(given().contentType(ContentType.JSON).body("{\"countedCash\":-1}")
                .when().post("/api/v1/locations/" + UUID.randomUUID() + "/days/2026-01-01/close").then().statusCode(400));
        noLeaks(given().contentType(ContentType.JSON).body("{\"countedCash\":1}")
                .when().post("/api/v1/locations/" + UUID.randomUUID() + "/days/2026-01-01/close").then().statusCode(404));
        // a real location, so the only thing wrong is the date
        String location = org.frontdesk.reception.scheduling.Scheduling.location("UTC");
        noLeaks(given().when().get("/api/v1/locations/" + location + "/days/yesterday").then()
                .statusCode(DATE_IN_PATH));
        noLeaks(given().when().get("/api/v1/appointments/" + UUID.randomUUID() + "/amount-due").then().statusCode(404));
        noLeaks(given().auth().oauth2(admin).queryParam("locationId", location).queryParam("from", "May 1")
                .queryParam("to", "2026-01-01").when().get("/api/v1/reports/desk").then()
                .statusCode(DATE_IN_QUERY));
        noLeaks(given().auth().oauth2(org.frontdesk.reception.security.Tokens.forClient("sms-gateway",
                        org.frontdesk.reception.security.Roles.MESSAGING)).contentType(ContentType.JSON)
                .body("{\"reference\":\"not-a-uuid\",\"text\":\"C\"}")
                .when().post("/api/v1/reminders/replies").then().statusCode(401)); // unsigned: refused before it is read
    }
}
