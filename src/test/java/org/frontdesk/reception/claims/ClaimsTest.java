package org.frontdesk.reception.claims;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontdesk.reception.coding.CodeSets;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.coverage.FakeInsurer;
import org.frontdesk.reception.coverage.InsurerGateway;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.fhir.R4Validator;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.Sql;
import org.frontdesk.reception.claims.ClaimFixtures.Visit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claims from a finished visit to the insurer and back, against a real HTTP insurer (WireMock):
 * paid, accepted, rejected; 500s, timeouts, refused connections, malformed answers; a
 * dispatcher that dies before or after sending; two dispatchers at once. The insurer must see
 * each claim submission's idempotency key, and nothing may be lost or marked sent when it was not.
 */
@QuarkusTest
@QuarkusTestResource(FakeInsurer.class)
class ClaimsTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ConfigProperty(name = "reception.test.insurer-url")
    String insurerUrl;

    @Inject
    ClaimDispatcher dispatcher;

    @Inject
    InsurerGateway gateway;

    @Inject
    EntityManager em;

    @BeforeEach
    void codesAndFees() {
        ClaimFixtures.codesAndFees();
    }

    private static WireMockServer insurer() {
        return FakeInsurer.server();
    }

    private Visit visit(String baseUrl, int readTimeoutMs) {
        return visit(baseUrl, readTimeoutMs, Map.of());
    }

    private Visit visit(String baseUrl, int readTimeoutMs, Map<String, Object> payerSettings) {
        String prefix = "c" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> payerBody = Coverages.payerBody("commercial");
        payerBody.putAll(payerSettings);
        payerBody.put("baseUrl", baseUrl == null ? insurerUrl + "/" + prefix : baseUrl);
        payerBody.put("readTimeoutMs", readTimeoutMs);
        return ClaimFixtures.visit(prefix, payerBody);
    }

    private Visit visit() {
        return visit(null, 2000);
    }

    private static String claim(Visit v) {
        return ClaimFixtures.claim(v);
    }

    private static void submit(String claim) {
        ClaimFixtures.submit(claim);
    }

    private static io.restassured.response.ValidatableResponse read(String claim) {
        return ClaimFixtures.read(claim);
    }

    private static String claimResponse(String outcome, String more) {
        return """
                {"resourceType":"ClaimResponse","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
                 "use":"claim","patient":{"display":"p"},"created":"2026-11-27","insurer":{"display":"i"},
                 "identifier":[{"system":"https://insurer.example/claims","value":"PCN-77"}],
                 "outcome":"%s"%s}""".formatted(outcome, more);
    }

    private void stub(Visit v, ResponseDefinitionBuilder answer) {
        insurer().stubFor(post(urlEqualTo(v.path())).willReturn(answer));
    }

    private Set<String> keysSeen(Visit v) {
        Set<String> keys = new HashSet<>();
        for (LoggedRequest r : insurer().findAll(postRequestedFor(urlEqualTo(v.path())))) {
            keys.add(r.getHeader("Idempotency-Key"));
        }
        return keys;
    }

    @Test
    void aClaimGoesFromTheVisitToPaidAndItsFhirClaimIsValid() {
        Visit v = visit();
        stub(v, aResponse().withStatus(200).withBody(claimResponse("complete",
                ",\"payment\":{\"amount\":{\"value\":120.00,\"currency\":\"USD\"}}")));
        String claim = claim(v);
        given().auth().oauth2(Tokens.billing()).when().post("/api/v1/claims/" + claim + "/scrub").then().statusCode(200)
                .body("clean", equalTo(true));
        submit(claim);
        read(claim).body("deliveries[0].state", equalTo("pending"));
        dispatcher.dispatch(50);
        read(claim).body("status", equalTo("paid")).body("payerClaimNumber", equalTo("PCN-77"))
                .body("paidAmount", equalTo(120.0f)).body("deliveries[0].state", equalTo("sent"))
                .body("responses[0].outcome", equalTo("complete"))
                .body("history.to", equalTo(List.of("draft", "ready", "queued", "paid")));
        assertEquals(Set.of(claim + "-1"), keysSeen(v));
        String sent = insurer().findAll(postRequestedFor(urlEqualTo(v.path()))).get(0).getBodyAsString();
        List<String> errors = R4Validator.errors(sent);
        assertTrue(errors.isEmpty(), "our Claim is not valid R4: " + errors);
        assertTrue(sent.contains("\"code\":\"E11.9\"") && sent.contains("\"code\":\"99971\""), sent);
    }

    @Test
    void anAcceptedClaimWaitsForPaymentAndARejectionKeepsThePayersReasons() {
        Visit accepted = visit();
        stub(accepted, aResponse().withStatus(200).withBody(claimResponse("complete", "")));
        String a = claim(accepted);
        submit(a);
        dispatcher.dispatch(50);
        read(a).body("status", equalTo("accepted"));

        Visit rejected = visit();
        stub(rejected, aResponse().withStatus(200).withBody(claimResponse("error",
                ",\"error\":[{\"code\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/adjudication-error\",\"code\":\"a002\",\"display\":\"Missing Identifier\"}]}}]")));
        String r = claim(rejected);
        submit(r);
        dispatcher.dispatch(50);
        read(r).body("status", equalTo("rejected")).body("statusReason", containsString("a002 Missing Identifier"))
                .body("responses[0].reasons", containsString("a002"));
        // a rejected claim is corrected as a draft and sent again under a new key
        String etag = given().auth().oauth2(Tokens.billing()).when().get("/api/v1/claims/" + r).then().statusCode(200)
                .extract().header("ETag");
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("diagnoses", List.of("E11.9"), "lines", List.of(Map.of("code", "99971", "units", 1,
                        "diagnosisPointers", List.of(1)))))
                .when().put("/api/v1/claims/" + r).then().statusCode(200).body("status", equalTo("draft"));
        submit(r);
        dispatcher.dispatch(50);
        assertEquals(Set.of(r + "-1", r + "-2"), keysSeen(rejected));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheClaimNeedsAttention() {
        Visit v = visit();
        stub(v, aResponse().withStatus(500));
        String claim = claim(v);
        submit(claim);
        for (int i = 0; i < 3; i++) {
            dispatcher.dispatch(50);
            read(claim).body("deliveries[0].attempts", equalTo(i + 1));
            // the backoff has passed (without waiting for the clock)
            Sql.run(em, "update claim_outbox set next_attempt_at = now() where state = 'pending'");
        }
        read(claim).body("status", equalTo("needs-attention"))
                .body("statusReason", containsString("not delivered after 3 attempts"))
                .body("statusReason", containsString("HTTP 500"))
                .body("deliveries[0].state", equalTo("failed"));
        assertEquals(Set.of(claim + "-1"), keysSeen(v));
        // nothing pretended success
        read(claim).body("responses.size()", equalTo(0));
    }

    @Test
    void aTimeoutAndARefusedConnectionAreFailuresNotDeliveries() throws Exception {
        Visit slow = visit(null, 300);
        stub(slow, aResponse().withStatus(200).withFixedDelay(1500).withBody(claimResponse("complete", "")));
        String s = claim(slow);
        submit(s);
        dispatcher.dispatch(50);
        read(s).body("status", equalTo("queued")).body("deliveries[0].state", equalTo("pending"))
                .body("deliveries[0].lastError", containsString("did not answer within 300 ms"));

        Visit closed = visit("http://localhost:1", 1000);
        String c = claim(closed);
        submit(c);
        dispatcher.dispatch(50);
        read(c).body("status", equalTo("queued")).body("deliveries[0].lastError", containsString("could not be reached"));
    }

    @Test
    void aMalformedAnswerToATakenClaimIsNotResent() {
        Visit v = visit();
        stub(v, aResponse().withStatus(200).withBody("<html>thanks</html>"));
        String claim = claim(v);
        submit(claim);
        dispatcher.dispatch(50);
        dispatcher.dispatch(50);
        read(claim).body("status", equalTo("submitted")).body("statusReason", containsString("could not be read"))
                .body("deliveries[0].state", equalTo("sent"));
        insurer().verify(1, postRequestedFor(urlEqualTo(v.path())));
    }

    @Test
    void aDispatcherThatDiesBeforeOrAfterSendingLosesNothingAndTheInsurerSeesOneKey() {
        Visit v = visit();
        stub(v, aResponse().withStatus(200).withBody(claimResponse("complete", "")));
        String beforeSend = claim(v);
        submit(beforeSend);
        // a dispatcher takes the row and dies before sending
        List<UUID> taken = dispatcher.take(50);
        UUID queuedRow = QuarkusTransaction.requiringNew().call(() -> ClaimOutbox.<ClaimOutbox>find("claimId",
                UUID.fromString(beforeSend)).firstResult().id);
        assertTrue(taken.contains(queuedRow), "the dispatcher took the queued claim's row");
        assertEquals(0, dispatcher.dispatch(50), "a leased row is not taken again while its lease runs");
        expireLeases();
        dispatcher.dispatch(50);
        read(beforeSend).body("status", equalTo("accepted"));

        String afterSend = claim(visit(insurerUrl + "/" + v.prefix(), 2000));
        submit(afterSend);
        // a dispatcher takes the row, sends it, and dies before recording the answer
        dispatcher.take(50);
        ClaimOutbox row = QuarkusTransaction.requiringNew().call(() -> ClaimOutbox.<ClaimOutbox>find("claimId",
                UUID.fromString(afterSend)).firstResult());
        Payer payer = QuarkusTransaction.requiringNew().call(() -> Payer.findById(
                Claim.<Claim>findById(UUID.fromString(afterSend)).payerId));
        gateway.submitClaim(payer, row.payload, row.idempotencyKey);
        expireLeases();
        dispatcher.dispatch(50);
        read(afterSend).body("status", equalTo("accepted")).body("responses.size()", equalTo(1));
        // the insurer got the second claim twice, both times as the same submission
        assertEquals(Set.of(beforeSend + "-1", afterSend + "-1"), keysSeen(v));
    }

    @Test
    void twoDispatchersAtOnceNeverSendTheSameRowTwice() throws Exception {
        Visit first = visit();
        stub(first, aResponse().withStatus(200).withFixedDelay(50).withBody(claimResponse("complete", "")));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Visit v = i == 0 ? first : visit(insurerUrl + "/" + first.prefix(), 2000);
            String c = claim(v);
            submit(c);
            ids.add(c);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        Callable<Integer> run = () -> {
            go.await();
            int n = 0;
            for (int k = 0; k < 8; k++) {
                n += dispatcher.dispatch(2);
            }
            return n;
        };
        Future<Integer> a = pool.submit(run);
        Future<Integer> b = pool.submit(run);
        go.countDown();
        int taken = a.get() + b.get();
        pool.shutdown();
        List<LoggedRequest> requests = insurer().findAll(postRequestedFor(urlEqualTo(first.path())));
        Set<String> keys = new HashSet<>();
        requests.forEach(r -> keys.add(r.getHeader("Idempotency-Key")));
        assertEquals(8, requests.size(), "each outbox row sent exactly once");
        assertEquals(8, keys.size());
        assertEquals(8, taken);
        for (String id : ids) {
            read(id).body("status", equalTo("accepted"));
        }
    }

    @Test
    void aClaimNeedsAFinishedVisitAndAPassingScrub() {
        Visit v = visit();
        Map<String, Object> line = Map.of("code", "99972", "units", 1, "diagnosisPointers", List.of(1));
        // no fee for 99972 and no charge given
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("appointmentId", v.appointment(), "diagnoses", List.of("E11"), "lines", List.of(line)))
                .when().post("/api/v1/claims").then().statusCode(400).body("detail", containsString("No fee for 99972"));
        Map<String, Object> priced = new HashMap<>(line);
        priced.put("charge", "80.00");
        String claim = given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("appointmentId", v.appointment(), "diagnoses", List.of("E11"), "lines", List.of(priced)))
                .when().post("/api/v1/claims").then().statusCode(201).extract().path("id");
        // E11 is a header: the scrub blocks the submission, saying why
        given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + claim + "/submit").then().statusCode(422)
                .body("type", equalTo("/problems/claim-scrub-failed")).body("detail", containsString("E11"));
        given().auth().oauth2(Tokens.billing()).when().post("/api/v1/claims/" + claim + "/scrub").then()
                .body("clean", equalTo(false)).body("findings[0].rule", equalTo("principal-not-billable"));
        // a second original claim for the same visit is refused
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("appointmentId", v.appointment(), "diagnoses", List.of("E11.9"), "lines", List.of(priced)))
                .when().post("/api/v1/claims").then().statusCode(409).body("type", equalTo("/problems/claim-exists"));
        // a visit not yet finished can't be billed
        String patient = Coverages.patient();
        String location = Scheduling.location("America/New_York");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "08:00", "18:00");
        String booked = given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(patient, practitioner, location, Scheduling.visitType(15, 0, 0),
                        ZonedDateTime.of(LocalDate.now(NEW_YORK).plusDays(3), LocalTime.of(9, 0), NEW_YORK).toInstant().toString()))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("appointmentId", booked, "diagnoses", List.of("E11.9"), "lines", List.of(priced)))
                .when().post("/api/v1/claims").then().statusCode(409).body("type", equalTo("/problems/visit-not-finished"));
    }

    private void expireLeases() {
        Sql.run(em, "update claim_outbox set claimed_until = now() - interval '1 second' where state = 'pending'");
    }

    @Test
    void ehrsReadClaimsAndResponsesAndAnInsurerReportsPaymentLater() {
        Visit v = visit();
        stub(v, aResponse().withStatus(200).withBody(claimResponse("queued", "")));
        String claim = claim(v);
        submit(claim);
        dispatcher.dispatch(50);
        read(claim).body("status", equalTo("submitted"));

        String json = given().when().get("/fhir/Claim/" + claim).then().statusCode(200)
                .body("status", equalTo("active")).body("patient.reference", equalTo("Patient/" + v.patient()))
                .body("insurer.reference", equalTo("Organization/" + v.payer()))
                .body("identifier.find { it.system == 'urn:frontdesk:payer-claim-number' }.value", equalTo("PCN-77"))
                .extract().asString();
        assertTrue(R4Validator.errors(json).isEmpty(), "Claim is not valid R4: " + R4Validator.errors(json));
        given().queryParam("patient", "Patient/" + v.patient()).queryParam("status", "active").when().get("/fhir/Claim")
                .then().statusCode(200).body("total", equalTo(1)).body("entry[0].resource.id", equalTo(claim));
        given().queryParam("insurer", "Organization/" + v.payer()).queryParam("created", "ge2020-01-01")
                .when().get("/fhir/Claim").then().body("total", equalTo(1));
        given().queryParam("status", "bogus").when().get("/fhir/Claim").then().statusCode(400);

        // the insurer reports payment later, authenticated as an insurer
        String report = """
                {"resourceType":"ClaimResponse","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
                 "use":"claim","patient":{"display":"p"},"created":"2026-11-28","insurer":{"display":"i"},
                 "request":{"identifier":{"system":"urn:frontdesk:claim-submission","value":"%s-1"}},
                 "outcome":"complete","payment":{"amount":{"value":90.00,"currency":"USD"}}}""".formatted(claim);
        String payerCode = given().auth().oauth2(Tokens.admin()).when().get("/api/v1/payers/" + v.payer()).then()
                .extract().path("payerCode");
        // another insurer can't speak of this claim
        given().auth().oauth2(Tokens.forClient("OTHER-PAYER", "insurer")).contentType("application/fhir+json")
                .body(report).when().post("/fhir/ClaimResponse").then().statusCode(404);
        given().auth().oauth2(Tokens.forClient(payerCode, "insurer")).contentType("application/fhir+json")
                .body(report).when().post("/fhir/ClaimResponse").then().statusCode(201)
                .body("request.reference", equalTo("Claim/" + claim));
        given().contentType("application/fhir+json").body(report).when().post("/fhir/ClaimResponse").then()
                .statusCode(403);
        read(claim).body("status", equalTo("partially-paid")).body("paidAmount", equalTo(90.0f))
                .body("responses.source", equalTo(List.of("sync", "callback")));
        given().queryParam("request", "Claim/" + claim).when().get("/fhir/ClaimResponse").then().statusCode(200)
                .body("total", equalTo(2));
    }

    private static double gauge(String series) {
        String scrape = given().header(org.frontdesk.reception.security.DefaultTokens.ANONYMOUS, "1").when()
                .get("/q/metrics").then().statusCode(200).extract().asString();
        return scrape.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst()
                .orElseThrow(() -> new AssertionError(series + " is not exported"));
    }

    @Test
    void theClaimGaugesAndTheOutboxDepthFollowAClaim() {
        Visit v = visit();
        stub(v, aResponse().withStatus(200).withBody(claimResponse("complete", "")));
        dispatcher.dispatch(50); // nothing else of earlier tests left pending
        String draft = "reception_claims{status=\"draft\"}";
        String queued = "reception_claims{status=\"queued\"}";
        String accepted = "reception_claims{status=\"accepted\"}";
        String depth = "reception_claim_outbox_depth";
        double drafts = gauge(draft);
        double queuedBefore = gauge(queued);
        double acceptedBefore = gauge(accepted);
        double depthBefore = gauge(depth);
        String claim = claim(v);
        assertEquals(drafts + 1, gauge(draft));
        submit(claim);
        assertEquals(drafts, gauge(draft));
        assertEquals(queuedBefore + 1, gauge(queued));
        assertEquals(depthBefore + 1, gauge(depth));
        assertTrue(gauge("reception_claim_outbox_oldest_age_seconds") >= 0);
        dispatcher.dispatch(50);
        assertEquals(queuedBefore, gauge(queued));
        assertEquals(acceptedBefore + 1, gauge(accepted));
        assertEquals(depthBefore, gauge(depth));
    }

    @Test
    void aClaimThePayerHasIsReplacedOrVoidedByACorrectionNamingThePayersNumber() {
        Visit v = visit();
        stub(v, aResponse().withStatus(200).withBody(claimResponse("complete", "")));
        String claim = claim(v);
        submit(claim);
        dispatcher.dispatch(50);
        read(claim).body("status", equalTo("accepted")).body("payerClaimNumber", equalTo("PCN-77"));

        // a replacement (frequency 7) is a draft copy with the same codes, to correct and submit
        String replacement = given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + claim + "/replace").then().statusCode(201)
                .body("frequency", equalTo("7")).body("status", equalTo("draft"))
                .body("originalClaimId", equalTo(claim)).body("diagnoses", equalTo(List.of("E119", "I10")))
                .body("lines[0].code", equalTo("99971")).body("lines[0].pointers", equalTo(List.of(1, 2)))
                .extract().path("id");
        given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + claim + "/replace").then().statusCode(409)
                .body("type", equalTo("/problems/correction-exists"));
        String etag = given().auth().oauth2(Tokens.billing()).when().get("/api/v1/claims/" + replacement).then()
                .extract().header("ETag");
        Map<String, Object> line = new HashMap<>(Map.of("code", "99971", "units", 2, "diagnosisPointers", List.of(1),
                "modifiers", List.of("25")));
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("diagnoses", List.of("E11.9"), "lines", List.of(line)))
                .when().put("/api/v1/claims/" + replacement).then().statusCode(200)
                .body("totalCharge", equalTo(240.0f)).body("lines[0].modifiers", equalTo(List.of("25")));
        submit(replacement);
        dispatcher.dispatch(50);
        read(replacement).body("status", equalTo("accepted"));

        // a void (frequency 8) of the original is queued at once; a void is never voided or replaced
        String voiding = given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + claim + "/void").then().statusCode(200)
                .body("frequency", equalTo("8")).body("status", equalTo("queued"))
                .body("originalClaimId", equalTo(claim)).extract().path("id");
        dispatcher.dispatch(50);
        given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + voiding + "/void").then().statusCode(409)
                .body("type", equalTo("/problems/claim-void"));

        // the insurer got each correction with the payer's number of the claim it corrects and its frequency
        Map<String, io.restassured.path.json.JsonPath> sent = new HashMap<>();
        for (LoggedRequest r : insurer().findAll(postRequestedFor(urlEqualTo(v.path())))) {
            sent.put(r.getHeader("Idempotency-Key"), io.restassured.path.json.JsonPath.from(r.getBodyAsString()));
        }
        assertEquals(Set.of(claim + "-1", replacement + "-1", voiding + "-1"), sent.keySet());
        for (String[] correction : new String[][] {{replacement, "7", "2"}, {voiding, "8", "1"}}) {
            io.restassured.path.json.JsonPath c = sent.get(correction[0] + "-1");
            assertEquals("PCN-77", c.getString("related[0].reference.value"));
            assertEquals(correction[1], c.getString("supportingInfo[0].code.coding[0].code"));
            assertEquals(correction[2], c.getString("item[0].quantity.value"));
        }
        assertEquals((Object) null, sent.get(claim + "-1").get("related"), "an original names no earlier claim");

        // a claim the payer never saw is simply void, itself
        Visit unsent = visit();
        String draft = claim(unsent);
        given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + draft + "/void").then().statusCode(200)
                .body("id", equalTo(draft)).body("status", equalTo("void")).body("frequency", equalTo("1"));
        given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + draft + "/replace").then().statusCode(409);
    }

    @Test
    void anEhrSubmitsItsOwnClaimThroughFhir() {
        Visit v = visit();
        stub(v, aResponse().withStatus(200).withBody(claimResponse("complete", "")));
        String coverage = given().when().get("/api/v1/patients/" + v.patient() + "/coverages").then()
                .extract().path("[0].id");
        String day = LocalDate.now(NEW_YORK).plusDays(3).toString();
        String claim = """
                {"resourceType":"Claim","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
                 "use":"claim","patient":{"reference":"Patient/%s"},"created":"%s","provider":{"display":"EHR clinic"},
                 "priority":{"coding":[{"code":"normal"}]},
                 "insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/%s"}}],
                 "diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9"}]}}],
                 "item":[{"sequence":1,"diagnosisSequence":[1],"productOrService":{"coding":[{"code":"99972"}]},
                          "servicedDate":"%s","quantity":{"value":1},"net":{"value":80.00,"currency":"USD"}}]}"""
                .formatted(v.patient(), day, coverage, day);
        String answer = given().contentType("application/fhir+json").body(claim)
                .when().post("/fhir/Claim/$submit").then().statusCode(200)
                .body("resourceType", equalTo("ClaimResponse")).body("outcome", equalTo("queued"))
                .extract().path("request.reference");
        dispatcher.dispatch(50);
        read(answer.substring(6)).body("status", equalTo("accepted")).body("totalCharge", equalTo(80.0f));
        // a claim that fails its edits is refused with the reasons
        given().contentType("application/fhir+json").body(claim.replace("E11.9", "E11"))
                .when().post("/fhir/Claim/$submit").then().statusCode(422)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Claim-100150.json", "Claim-100151.json", "Claim-100152.json",
            "Claim-100153.json", "Claim-100156.json", "Claim-660150.json", "Claim-760150.json",
            "Claim-760151.json", "Claim-760152.json", "Claim-860150.json", "Claim-960150.json", "Claim-960151.json",
            "Claim-MED-00050.json"})
    void theOfficialClaimExamplesMapInAndOut(String file) throws Exception {
        var fhir = ca.uhn.fhir.context.FhirContext.forR4Cached();
        var example = fhir.newJsonParser().parseResource(org.hl7.fhir.r4.model.Claim.class,
                java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/fhir/examples", file)));
        String patient = Coverages.patient();
        String coverage = Coverages.added(patient, Coverages.coverage(Coverages.payer("commercial"), "EX-1", "primary"));
        example.setPatient(new org.hl7.fhir.r4.model.Reference("Patient/" + patient));
        // the examples share identifiers; ours are unique per sending client, so each gets its own
        example.getIdentifier().forEach(i -> i.setValue(file + "-" + UUID.randomUUID()));
        example.getInsurance().forEach(i -> i.setCoverage(new org.hl7.fhir.r4.model.Reference("Coverage/" + coverage)));
        String location = given().contentType("application/fhir+json")
                .body(fhir.newJsonParser().encodeResourceToString(example)).when().post("/fhir/Claim").then()
                .log().ifValidationFails().statusCode(201).extract().header("Location");
        String json = given().when().get(location.substring(location.indexOf("/fhir/"))).then().statusCode(200)
                .extract().asString();
        var back = fhir.newJsonParser().parseResource(org.hl7.fhir.r4.model.Claim.class, json);
        assertEquals(example.getDiagnosis().size(), back.getDiagnosis().size(), file + " diagnoses");
        assertEquals(example.getItem().size(), back.getItem().size(), file + " items");
        for (int i = 0; i < example.getItem().size(); i++) {
            var in = example.getItem().get(i);
            var out = back.getItem().get(i);
            assertEquals(in.getProductOrService().getCodingFirstRep().getCode().toUpperCase(),
                    out.getProductOrService().getCodingFirstRep().getCode(), file + " item code");
            if (in.hasNet()) {
                assertEquals(0, in.getNet().getValue().compareTo(out.getNet().getValue()), file + " item net");
            }
        }
        assertTrue(R4Validator.errors(json).isEmpty(), file + " read back is not valid R4: " + R4Validator.errors(json));
    }

    @Test
    void anOfficialExampleWithAModifierThatIsNotHcpcsIsRefusedPrecisely() throws Exception {
        // Claim-660152 (vision) carries the modifier 'rooh', not a 2-character HCPCS/CPT modifier
        var fhir = ca.uhn.fhir.context.FhirContext.forR4Cached();
        var example = fhir.newJsonParser().parseResource(org.hl7.fhir.r4.model.Claim.class,
                java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/fhir/examples/Claim-660152.json")));
        String patient = Coverages.patient();
        String coverage = Coverages.added(patient, Coverages.coverage(Coverages.payer("commercial"), "EX-2", "primary"));
        example.setPatient(new org.hl7.fhir.r4.model.Reference("Patient/" + patient));
        // the examples share identifiers; ours are unique per sending client, so each gets its own
        example.getIdentifier().forEach(i -> i.setValue("660152-" + UUID.randomUUID()));
        example.getInsurance().forEach(i -> i.setCoverage(new org.hl7.fhir.r4.model.Reference("Coverage/" + coverage)));
        given().contentType("application/fhir+json").body(fhir.newJsonParser().encodeResourceToString(example))
                .when().post("/fhir/Claim").then().statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("modifiers"));
    }

    @Test
    void aPayerThatTakesBundlesGetsTheClaimInABundleWithItsSubmissionIdentifier() {
        Visit v = visit(null, 2000, Map.of("claimFormat", "bundle"));
        stub(v, aResponse().withStatus(200).withBody(claimResponse("complete", "")));
        String claim = claim(v);
        submit(claim);
        dispatcher.dispatch(50);
        read(claim).body("status", equalTo("accepted"));
        String sent = insurer().findAll(postRequestedFor(urlEqualTo(v.path()))).get(0).getBodyAsString();
        io.restassured.path.json.JsonPath body = io.restassured.path.json.JsonPath.from(sent);
        assertEquals("Bundle", body.getString("resourceType"));
        assertEquals(claim + "-1", body.getString("identifier.value"));
        assertEquals("Claim", body.getString("entry[0].resource.resourceType"));
        assertEquals("primary", body.getString("entry[0].resource.careTeam[0].role.coding[0].code"));
        assertTrue(R4Validator.errors(sent).isEmpty(), "Bundle is not valid R4: " + R4Validator.errors(sent));
    }

    @Test
    void onShutdownTheSendInFlightFinishesAndTheRestAreHandedBack() throws Exception {
        Visit first = visit(null, 5000);
        stub(first, aResponse().withStatus(200).withFixedDelay(1000).withBody(claimResponse("complete", "")));
        Visit second = visit();
        stub(second, aResponse().withStatus(200).withBody(claimResponse("complete", "")));
        String a = claim(first);
        String b = claim(second);
        submit(a);
        submit(b);
        // these two are taken first, in this order
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update claim_outbox set next_attempt_at = timestamptz '2000-01-01' where claim_id = ?1")
                    .setParameter(1, UUID.fromString(a)).executeUpdate();
            em.createNativeQuery("update claim_outbox set next_attempt_at = timestamptz '2000-01-02' where claim_id = ?1")
                    .setParameter(1, UUID.fromString(b)).executeUpdate();
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> running = pool.submit(() -> dispatcher.dispatch(50));
            for (int i = 0; i < 100 && insurer().findAll(postRequestedFor(urlEqualTo(first.path()))).isEmpty(); i++) {
                Thread.sleep(20);
            }
            dispatcher.stop(java.time.Duration.ofSeconds(10));
            assertTrue(running.isDone(), "stop waits for the dispatch in progress");
            assertEquals(0, running.get());
        } finally {
            pool.shutdown();
        }
        // the claim in flight got its answer recorded
        read(a).body("status", equalTo("accepted")).body("deliveries[0].state", equalTo("sent"));
        // the one taken but not sent is free for another instance now, and the take did not count
        read(b).body("status", equalTo("queued")).body("deliveries[0].state", equalTo("pending"))
                .body("deliveries[0].attempts", equalTo(0));
        Object lease = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select claimed_until from claim_outbox where claim_id = ?1").setParameter(1, UUID.fromString(b)).getSingleResult());
        assertEquals(null, lease);
        insurer().verify(0, postRequestedFor(urlEqualTo(second.path())));
        assertEquals(0, dispatcher.dispatch(50), "a stopped dispatcher takes nothing");

        dispatcher.resume();
        dispatcher.dispatch(50);
        read(b).body("status", equalTo("accepted"));
    }
}
