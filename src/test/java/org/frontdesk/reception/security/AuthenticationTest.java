package org.frontdesk.reception.security;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class AuthenticationTest {

    @Test
    void noTokenIs401WithAProblemOnTheApi() {
        given().header(DefaultTokens.ANONYMOUS, "1").when().get("/api/v1/patients").then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthenticated"));
    }

    @Test
    void noTokenIs401WithAnOperationOutcomeOnFhir() {
        given().header(DefaultTokens.ANONYMOUS, "1").when().get("/fhir/Patient").then()
                .statusCode(401)
                .contentType(startsWith("application/fhir+json"))
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("login"));
    }

    @Test
    void productionWillNotStartWithoutItsSecuritySettings() {
        var bare = new io.smallrye.config.SmallRyeConfigBuilder().withSources(new io.smallrye.config.PropertiesConfigSource(
                java.util.Map.of(), "empty", 100)).build();
        var missing = ProductionSettings.missing(bare);
        org.junit.jupiter.api.Assertions.assertEquals(3, missing.size(), missing.toString());
        var complete = new io.smallrye.config.SmallRyeConfigBuilder().withSources(new io.smallrye.config.PropertiesConfigSource(
                java.util.Map.of("mp.jwt.verify.publickey.location", "https://idp/jwks", "mp.jwt.verify.issuer", "https://idp",
                        "mp.jwt.verify.token.age", "3600"), "set", 100)).build();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), ProductionSettings.missing(complete));
    }

    @ParameterizedTest
    @ValueSource(strings = {"expired", "tooOld", "wrongIssuer", "wrongAudience", "badSignature", "garbage"})
    void refusedTokensAre401(String kind) {
        Supplier<String> token = switch (kind) {
            case "expired" -> Tokens::expired;
            case "tooOld" -> Tokens::tooOld;
            case "wrongIssuer" -> Tokens::wrongIssuer;
            case "wrongAudience" -> Tokens::wrongAudience;
            case "badSignature" -> Tokens::badSignature;
            default -> () -> "not.a.jwt";
        };
        given().auth().oauth2(token.get()).when().get("/api/v1/patients/" + UUID.randomUUID()).then()
                .statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token.get()).when().get("/fhir/Patient/" + UUID.randomUUID()).then()
                .statusCode(401).body("resourceType", equalTo("OperationOutcome"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi", "/fhir/metadata"})
    void operationsEndpointsAndFhirMetadataNeedNoToken(String path) {
        given().header(DefaultTokens.ANONYMOUS, "1").when().get(path).then().statusCode(200);
    }

    @Test
    void ehrScopesLimitTheInteractions() {
        String readOnly = Tokens.ehr("system/Patient.rs");
        given().auth().oauth2(readOnly).when().get("/fhir/Patient?family=zzznobody").then().statusCode(200);
        given().auth().oauth2(readOnly).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Scoped\"}]}")
                .when().post("/fhir/Patient").then()
                .statusCode(403).body("issue[0].code", equalTo("forbidden"));
        String v1 = Tokens.ehr("system/Patient.read");
        given().auth().oauth2(v1).when().get("/fhir/Patient?family=zzznobody").then().statusCode(200);
        String otherType = Tokens.ehr("system/Observation.cruds");
        given().auth().oauth2(otherType).when().get("/fhir/Patient?family=zzznobody").then().statusCode(403);
        String narrowed = Tokens.ehr("system/Patient.rs?identifier=x|1");
        given().auth().oauth2(narrowed).when().get("/fhir/Patient?family=zzznobody").then().statusCode(403);
        given().auth().oauth2(Tokens.ehr("")).when().get("/fhir/Patient?family=zzznobody").then().statusCode(403);
    }

    @Test
    void securityHeadersAreOnResponses() {
        given().when().get("/api/v1/patients?name=zzznobody").then()
                .statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store")
                .header("Strict-Transport-Security", startsWith("max-age="));
    }

    @Test
    void corsAllowsOnlyTheFrontendOrigin() {
        given().header(DefaultTokens.ANONYMOUS, "1").header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/patients").then()
                .header("Access-Control-Allow-Origin", "http://localhost:5173");
        given().header(DefaultTokens.ANONYMOUS, "1").header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/patients").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }
}
