package org.frontdesk.reception.coverage;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Eligibility against a real HTTP insurer (WireMock on a dynamic port): each way an insurer can
 * answer or fail ends in the right stored result, and never in a 500 from us.
 */
@QuarkusTest
@QuarkusTestResource(FakeInsurer.class)
class EligibilityTest {

    @ConfigProperty(name = "reception.test.insurer-url")
    String insurerUrl;

    @Inject
    EligibilityService eligibility;

    @Inject
    EntityManager em;

    private static WireMockServer insurer() {
        return FakeInsurer.server();
    }

    /** A payer of its own (own path, own circuit breaker) and an active primary coverage with it. */
    private record Setup(String prefix, String payer, String patient, String coverage) {
        String submitPath() {
            return "/" + prefix + "/CoverageEligibilityRequest/$submit";
        }
    }

    private Setup setup(int readTimeoutMs, Map<String, Object> extra) {
        String prefix = "p" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = Coverages.payerBody("commercial");
        body.put("baseUrl", insurerUrl + "/" + prefix);
        body.put("readTimeoutMs", readTimeoutMs);
        body.putAll(extra);
        String payer = Coverages.payer(body);
        String patient = Coverages.patient();
        String coverage = Coverages.added(patient, Coverages.coverage(payer, "MEM-" + prefix, "primary"));
        return new Setup(prefix, payer, patient, coverage);
    }

    private Setup setup() {
        return setup(2000, Map.of());
    }

    private static Response check(Setup s) {
        return check(s, UUID.randomUUID().toString());
    }

    private static Response check(Setup s, String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("serviceDate", "2026-12-01", "benefitCategory", "98"))
                .when().post("/api/v1/coverages/" + s.coverage() + "/eligibility");
    }

    private void stub(Setup s, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        insurer().stubFor(post(urlEqualTo(s.submitPath())).willReturn(answer));
    }

    @Test
    void anActiveAnswerIsReadForPlanDatesCopayAndDeductible() {
        Setup s = setup();
        stub(s, aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json").withBody(FakeInsurer.answer("complete", """
                ,"insurance":[{"inforce":true,"benefitPeriod":{"start":"2026-01-01","end":"2026-12-31"},
                  "item":[{"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/ex-benefitcategory","code":"98"}]},
                    "benefit":[{"type":{"coding":[{"code":"copay"}]},"allowedMoney":{"value":25,"currency":"USD"}},
                               {"type":{"coding":[{"code":"deductible"}]},"allowedMoney":{"value":1500,"currency":"USD"},
                                "usedMoney":{"value":400,"currency":"USD"}}]}]}]""")));
        check(s).then().statusCode(201)
                .body("result", org.hamcrest.Matchers.equalTo("active"))
                .body("state", org.hamcrest.Matchers.equalTo("complete"))
                .body("planStart", org.hamcrest.Matchers.equalTo("2026-01-01"))
                .body("planEnd", org.hamcrest.Matchers.equalTo("2026-12-31"))
                .body("copay", org.hamcrest.Matchers.equalTo(25.0f))
                .body("deductible", org.hamcrest.Matchers.equalTo(1500.0f))
                .body("deductibleRemaining", org.hamcrest.Matchers.equalTo(1100.0f))
                .body("patientId", org.hamcrest.Matchers.equalTo(s.patient()));
        // What we sent: a CoverageEligibilityRequest for the visit's benefit category, with the member id.
        insurer().verify(1, postRequestedFor(urlEqualTo(s.submitPath()))
                .withHeader("Content-Type", containing("application/fhir+json"))
                .withRequestBody(matchingJsonPath("$.resourceType", equalTo("CoverageEligibilityRequest")))
                .withRequestBody(matchingJsonPath("$.item[0].category.coding[0].code", equalTo("98")))
                .withRequestBody(matchingJsonPath("$.servicedDate", equalTo("2026-12-01")))
                .withRequestBody(containing("MEM-" + s.prefix())));
        given().when().get("/api/v1/coverages/" + s.coverage()).then()
                .body("latestEligibility.result", org.hamcrest.Matchers.equalTo("active"));
    }

    @Test
    void anInactiveAnswerIsInactive() {
        Setup s = setup();
        stub(s, aResponse().withStatus(200).withBody(FakeInsurer.inForce(false)));
        check(s).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("inactive"));
    }

    @Test
    void aPayerErrorIsUnknownWithTheErrorsVerbatim() {
        Setup s = setup();
        stub(s, aResponse().withStatus(200).withBody(FakeInsurer.answer("error", """
                ,"disposition":"Subscriber not found","error":[{"code":{"coding":[{"system":"https://x12.org/codes/aaa","code":"75","display":"Subscriber/Insured Not Found"}]}}]""")));
        check(s).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("unknown"))
                .body("reason", containsString("Subscriber not found"))
                .body("payerErrors[0]", org.hamcrest.Matchers.equalTo("https://x12.org/codes/aaa|75 Subscriber/Insured Not Found"));
    }

    @Test
    void anHttp200WithoutInforceIsNotActive() {
        Setup s = setup();
        stub(s, aResponse().withStatus(200).withBody(FakeInsurer.answer("complete", ",\"insurance\":[{}]")));
        check(s).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("unknown"))
                .body("reason", containsString("does not say whether the coverage is in force"));
    }

    @Test
    void aServerErrorIsUnknownAndNotRetried() {
        Setup s = setup();
        stub(s, aResponse().withStatus(500).withBody("{\"oops\":true}"));
        check(s).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("unknown"))
                .body("reason", containsString("HTTP 500")).body("httpStatus", org.hamcrest.Matchers.equalTo(500));
        insurer().verify(1, postRequestedFor(urlEqualTo(s.submitPath())));
    }

    @Test
    void transientFailuresAreRetriedWithBackoff() {
        Setup s = setup();
        insurer().stubFor(post(urlEqualTo(s.submitPath())).inScenario(s.prefix()).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        insurer().stubFor(post(urlEqualTo(s.submitPath())).inScenario(s.prefix()).whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("third"));
        insurer().stubFor(post(urlEqualTo(s.submitPath())).inScenario(s.prefix()).whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(200).withBody(FakeInsurer.inForce(true))));
        check(s).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("active"));
        insurer().verify(3, postRequestedFor(urlEqualTo(s.submitPath())));
    }

    @Test
    void aTimeoutIsUnknownWithTheReason() {
        Setup s = setup(300, Map.of());
        stub(s, aResponse().withStatus(200).withFixedDelay(1500)
                .withBody(FakeInsurer.inForce(true)));
        check(s).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("unknown"))
                .body("reason", containsString("did not answer within 300 ms"));
    }

    @Test
    void aSlowAnswerWithinTheTimeoutIsRead() {
        Setup s = setup(3000, Map.of());
        stub(s, aResponse().withStatus(200).withFixedDelay(400)
                .withBody(FakeInsurer.inForce(true)));
        check(s).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("active"));
    }

    @Test
    void aMalformedBodyIsUnknownAndKeptVerbatim() {
        Setup s = setup();
        stub(s, aResponse().withStatus(200).withBody("<html>gateway page</html>"));
        String id = check(s).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("unknown"))
                .body("reason", containsString("could not be read")).extract().path("id");
        String kept = QuarkusTransaction.requiringNew().call(() ->
                eligibility.get(UUID.fromString(id)).responseJson);
        assertEquals("<html>gateway page</html>", kept);
    }

    @Test
    void anInsurerThatKeepsFailingIsNoLongerCalledUntilItsCircuitCloses() {
        // by default a payer counts as down only when 80 % of its last 20 calls failed: ten
        // failures in a row are a flaky insurer, still called
        Setup flaky = setup();
        stub(flaky, aResponse().withStatus(500));
        for (int i = 0; i < 11; i++) {
            check(flaky).then().statusCode(201).body("reason", containsString("HTTP 500"));
        }
        insurer().verify(11, postRequestedFor(urlEqualTo(flaky.submitPath())));
        // a payer may set its own: here half of the last 10
        Setup s = setup(2000, Map.of("circuitVolume", 10, "circuitFailureRatio", 0.5, "circuitDelaySeconds", 60));
        stub(s, aResponse().withStatus(500));
        for (int i = 0; i < 10; i++) {
            check(s).then().statusCode(201).body("reason", containsString("HTTP 500"));
        }
        check(s).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("unknown"))
                .body("reason", containsString("circuit open for 60 s"));
        insurer().verify(10, postRequestedFor(urlEqualTo(s.submitPath())));
        // another payer's circuit is its own
        Setup other = setup();
        stub(other, aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        check(other).then().body("result", org.hamcrest.Matchers.equalTo("active"));
    }

    @Test
    void apiKeyAndOauth2CredentialsAreSentFromTheEnvironment() {
        Setup keyed = setup(2000, Map.of("authType", "api-key", "apiKeyHeader", "X-Api-Key",
                "payerCode", "TESTKEY", "authSecretName", "PAYER_TESTKEY_API_KEY"));
        stub(keyed, aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        check(keyed).then().body("result", org.hamcrest.Matchers.equalTo("active"));
        insurer().verify(postRequestedFor(urlEqualTo(keyed.submitPath())).withHeader("X-Api-Key", equalTo("test-api-key-123")));

        String tokenPath = "/token-" + UUID.randomUUID().toString().substring(0, 8);
        insurer().stubFor(post(urlEqualTo(tokenPath)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"tok-42\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        Setup oauth = setup(2000, Map.of("authType", "oauth2", "tokenUrl", insurerUrl + tokenPath,
                "clientId", "frontdesk", "payerCode", "TEST-OAUTH", "authSecretName", "PAYER_TEST_OAUTH_CLIENT_SECRET"));
        stub(oauth, aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        check(oauth).then().body("result", org.hamcrest.Matchers.equalTo("active"));
        check(oauth).then().body("result", org.hamcrest.Matchers.equalTo("active"));
        insurer().verify(2, postRequestedFor(urlEqualTo(oauth.submitPath())).withHeader("Authorization",
                equalTo("Bearer tok-42")));
        insurer().verify(1, postRequestedFor(urlEqualTo(tokenPath))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_secret=test-client-secret")));

        Setup missing = setup(2000, Map.of("authType", "api-key", "apiKeyHeader", "X-Api-Key",
                "payerCode", "NOSECRET", "authSecretName", "PAYER_NOSECRET_API_KEY"));
        check(missing).then().statusCode(201).body("result", org.hamcrest.Matchers.equalTo("unknown"))
                .body("reason", containsString("PAYER_NOSECRET_API_KEY"));
        insurer().verify(0, postRequestedFor(urlEqualTo(missing.submitPath())));
    }

    @Test
    void aRetryWithTheSameKeyReplaysTheAnswerWithoutAskingTheInsurerAgain() {
        Setup s = setup();
        stub(s, aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        String key = UUID.randomUUID().toString();
        String first = check(s, key).then().statusCode(201).extract().path("id");
        check(s, key).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", org.hamcrest.Matchers.equalTo(first)).body("result", org.hamcrest.Matchers.equalTo("active"));
        insurer().verify(1, postRequestedFor(urlEqualTo(s.submitPath())));
    }

    @Test
    void aCheckInterruptedBeforeTheInsurerAnsweredIsFinishedByTheJob() {
        Setup s = setup();
        stub(s, aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        // an instance recorded the question and stopped before calling the insurer
        UUID id = QuarkusTransaction.requiringNew().call(() -> {
            EligibilityCheck c = eligibility.start(UUID.fromString(s.coverage()), "30", null);
            c.claimedUntil = java.time.Instant.now().minusSeconds(1);
            return c.id;
        });
        eligibility.sendQueued(50);
        given().when().get("/api/v1/eligibility-checks/" + id).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("complete"))
                .body("result", org.hamcrest.Matchers.equalTo("active"))
                .body("attempts", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void theFhirSubmitOperationAnswersWithTheInsurersResponseOrAnErrorOutcome() {
        Setup s = setup();
        stub(s, aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        String body = """
                {"resourceType":"CoverageEligibilityRequest","status":"active","purpose":["validation"],
                 "patient":{"reference":"Patient/%s"},"created":"2026-11-27","servicedDate":"2026-12-02",
                 "insurer":{"reference":"Organization/%s"},"insurance":[{"coverage":{"reference":"Coverage/%s"}}],
                 "item":[{"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/ex-benefitcategory","code":"30"}]}}]}"""
                .formatted(s.patient(), s.payer(), s.coverage());
        given().contentType("application/fhir+json").body(body).when().post("/fhir/CoverageEligibilityRequest/$submit")
                .then().statusCode(200).body("resourceType", org.hamcrest.Matchers.equalTo("CoverageEligibilityResponse"))
                .body("insurance[0].inforce", org.hamcrest.Matchers.equalTo(true));
        insurer().verify(postRequestedFor(urlEqualTo(s.submitPath()))
                .withRequestBody(matchingJsonPath("$.item[0].category.coding[0].code", equalTo("30"))));

        Setup down = setup();
        stub(down, aResponse().withStatus(500));
        given().contentType("application/fhir+json").body(body.replace(s.coverage(), down.coverage()))
                .when().post("/fhir/CoverageEligibilityRequest/$submit").then().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("error"))
                .body("disposition", containsString("HTTP 500"))
                .body("insurance[0].inforce", nullValue());
    }

    @Test
    void aCoverageThatIsNotActiveIsNotChecked() {
        Setup s = setup();
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/v1/coverages/" + s.coverage() + "/end")
                .then().statusCode(200);
        check(s).then().statusCode(409).body("type", org.hamcrest.Matchers.equalTo("/problems/coverage-not-active"));
        insurer().verify(0, postRequestedFor(urlPathMatching("/" + s.prefix() + "/.*")));
    }

    @Test
    void theDeskDayShowsWhoseEligibilityIsMissingOrStaleAndAnAppointmentCheckUsesItsVisit() {
        Setup s = setup();
        stub(s, aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        String location = org.frontdesk.reception.scheduling.Scheduling.location("America/New_York");
        String practitioner = org.frontdesk.reception.scheduling.Scheduling.practitioner();
        org.frontdesk.reception.scheduling.Scheduling.everyDay(practitioner, location, "08:00", "12:00");
        String type = org.frontdesk.reception.scheduling.Scheduling.visitType(30, 0, 0);
        java.time.ZoneId ny = java.time.ZoneId.of("America/New_York");
        java.time.LocalDate day = java.time.LocalDate.now(ny).plusDays(2);
        String start = java.time.ZonedDateTime.of(day, java.time.LocalTime.of(9, 0), ny).toInstant().toString();
        String appointment = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(org.frontdesk.reception.scheduling.Scheduling.booking(s.patient(), practitioner, location, type, start))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().path("id");

        given().queryParam("date", day.toString()).when().get("/api/v1/locations/" + location + "/day").then()
                .statusCode(200).body("[0].coverageId", org.hamcrest.Matchers.equalTo(s.coverage()))
                .body("[0].eligibility", org.hamcrest.Matchers.equalTo("not-checked"))
                .body("[0].eligibilityStale", org.hamcrest.Matchers.equalTo(true));

        String check = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of()).when().post("/api/v1/appointments/" + appointment + "/eligibility").then()
                .statusCode(201).body("result", org.hamcrest.Matchers.equalTo("active"))
                .body("serviceDate", org.hamcrest.Matchers.equalTo(day.toString()))
                .body("benefitCategory", org.hamcrest.Matchers.equalTo("98")).extract().path("id");
        given().queryParam("date", day.toString()).when().get("/api/v1/locations/" + location + "/day").then()
                .body("[0].eligibility", org.hamcrest.Matchers.equalTo("active"))
                .body("[0].eligibilityStale", org.hamcrest.Matchers.equalTo(false));

        // ten days later the same check is too old for this visit
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update eligibility_check set completed_at = completed_at - interval '10 days' where id = ?1")
                .setParameter(1, UUID.fromString(check)).executeUpdate());
        given().queryParam("date", day.toString()).when().get("/api/v1/locations/" + location + "/day").then()
                .body("[0].eligibility", org.hamcrest.Matchers.equalTo("active"))
                .body("[0].eligibilityStale", org.hamcrest.Matchers.equalTo(true));
    }
}
