package org.frontdesk.reception.coverage;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.frontdesk.reception.patient.Patients;
import org.frontdesk.reception.security.Tokens;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test fixtures for coverage: payers (unique codes), patients, and coverage requests. */
public final class Coverages {

    private Coverages() {
    }

    /** A payer body; add endpoint settings with {@link #payer(Map)}. */
    public static Map<String, Object> payerBody(String type) {
        Map<String, Object> body = new HashMap<>();
        body.put("payerCode", "P" + UUID.randomUUID().toString().substring(0, 8));
        body.put("name", "Payer " + UUID.randomUUID().toString().substring(0, 6));
        body.put("type", type);
        return body;
    }

    public static String payer(Map<String, Object> body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/payers").then().statusCode(201).extract().path("id");
    }

    public static String payer(String type) {
        return payer(payerBody(type));
    }

    public static String patient() {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Patients.aPatient().json()).when().post("/api/v1/patients").then().statusCode(201)
                .extract().path("id");
    }

    public static Map<String, Object> coverage(String payerId, String memberId, String order) {
        Map<String, Object> body = new HashMap<>();
        body.put("payerId", payerId);
        body.put("memberId", memberId);
        body.put("order", order);
        body.put("planName", "Gold PPO");
        body.put("groupNumber", "GRP-100");
        return body;
    }

    public static Response add(String patientId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).when().post("/api/v1/patients/" + patientId + "/coverages");
    }

    public static String added(String patientId, Map<String, Object> body) {
        return add(patientId, body).then().statusCode(201).extract().path("id");
    }
}
