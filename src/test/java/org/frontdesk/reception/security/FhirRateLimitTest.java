package org.frontdesk.reception.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** A client over its rate on /fhir gets 429 with Retry-After; other clients and /api are unaffected. */
@QuarkusTest
@TestProfile(FhirRateLimitTest.LowLimit.class)
class FhirRateLimitTest {

    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reception.security.fhir-rate-limit.requests-per-minute", "6",
                    "reception.security.fhir-rate-limit.burst", "3",
                    "reception.security.public-rate-limit.requests-per-minute", "6",
                    "reception.security.public-rate-limit.burst", "3");
        }
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfter() {
        String greedy = Tokens.of(Roles.EHR_SYSTEM, "greedy-ehr", Tokens.ALL_SCOPES);
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(greedy).when().get("/fhir/Patient?family=zzznobody").then().statusCode(200);
        }
        given().auth().oauth2(greedy).when().get("/fhir/Patient?family=zzznobody").then()
                .statusCode(429)
                .header("Retry-After", Integer::parseInt, both(greaterThan(0)).and(lessThanOrEqualTo(10)))
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("throttled"));
        String polite = Tokens.of(Roles.EHR_SYSTEM, "polite-ehr", Tokens.ALL_SCOPES);
        given().auth().oauth2(polite).when().get("/fhir/Patient?family=zzznobody").then().statusCode(200);
        for (int i = 0; i < 5; i++) {
            given().when().get("/api/v1/patients?name=zzznobody").then().statusCode(200);
        }
    }

    @Test
    void anAddressOverItsRateOnThePatientsFormGets429() {
        for (int i = 0; i < 3; i++) {
            given().header("X-Intake-Token", "not-a-token-" + i).when().get("/api/v1/intake/form").then().statusCode(410);
        }
        given().header("X-Intake-Token", "not-a-token").when().get("/api/v1/intake/form").then()
                .statusCode(429)
                .header("Retry-After", Integer::parseInt, both(greaterThan(0)).and(lessThanOrEqualTo(10)))
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("type", equalTo("/problems/rate-limited"));
        // logged-in callers of /api are not counted against it
        given().when().get("/api/v1/patients?name=zzznobody").then().statusCode(200);
    }
}
