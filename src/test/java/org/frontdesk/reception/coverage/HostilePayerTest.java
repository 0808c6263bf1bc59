package org.frontdesk.reception.coverage;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile payer set-up or a bad insurer can try: a member-id pattern that backtracks for
 * ever, a URL that points inside our network, a secret that belongs to another payer, and
 * amounts that cost seconds to round or that are negative.
 */
@QuarkusTest
class HostilePayerTest {

    @Inject EligibilityFhirMapper eligibility;

    @Test
    void aBacktrackingMemberIdPatternIsRefusedAndNoneCanStallTheDesk() {
        Map<String, Object> body = Coverages.payerBody("commercial");
        body.put("memberIdPattern", "([A-Z0-9]+[ -]?){2,12}");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/payers").then().statusCode(400)
                .body("errors.pointer", hasItem("/memberIdPattern"))
                .body("errors.detail", hasItem(containsString("nests a quantifier")));
        assertNull(MemberIdRule.patternProblem("[A-Z]{3}[0-9]{9}"));
        assertNotNull(MemberIdRule.patternProblem("(a+)+$"));
        assertNotNull(MemberIdRule.patternProblem("(x*)*"));
        // even a pattern saved before the check answers: RE2 is linear (the JDK's engine would not
        // return from this for hours, and the test would hang)
        Payer old = new Payer();
        old.type = "commercial";
        old.name = "Old payer";
        old.memberIdPattern = "([A-Z0-9]+[ -]?){2,12}";
        assertThrows(org.frontdesk.reception.shared.ProblemException.class,
                () -> MemberIdRule.check(old, "A".repeat(40) + "!", "/memberId"));
    }

    @Test
    void payerUrlsMustBePublicHttps() throws Exception {
        assertEquals("must be an https URL", org.frontdesk.reception.shared.OutboundUrls.problem("http://insurer.example.org/fhir", false));
        assertNull(org.frontdesk.reception.shared.OutboundUrls.problem("http://localhost:8089", true), "dev and tests may use a local fake");
        for (String inside : new String[] {"https://127.0.0.1/x", "https://10.0.0.8/x", "https://192.168.1.1/x",
                "https://169.254.169.254/latest/meta-data", "https://[::1]/x", "https://100.64.0.1/x", "https://0.0.0.0/x"}) {
            assertTrue(String.valueOf(org.frontdesk.reception.shared.OutboundUrls.problem(inside, false)).contains("local or private"), inside);
        }
        assertNotNull(org.frontdesk.reception.shared.OutboundUrls.problem("https://user:pw@insurer.example.org/", false));
        assertTrue(org.frontdesk.reception.shared.OutboundUrls.isPublic(InetAddress.getByName("93.184.216.34")));
        assertFalse(org.frontdesk.reception.shared.OutboundUrls.isPublic(InetAddress.getByName("fd00::1")));
    }

    @Test
    void aPayerCanNameOnlyItsOwnSecrets() {
        Map<String, Object> body = Coverages.payerBody("commercial");
        body.put("baseUrl", "http://localhost:1/x");
        body.put("authType", "api-key");
        body.put("apiKeyHeader", "X-Api-Key");
        body.put("authSecretName", "PAYER_TESTKEY_API_KEY"); // another payer's
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/payers").then().statusCode(400)
                .body("errors.pointer", hasItem("/authSecretName"));
        assertTrue(PayerService.secretBelongsTo("PAYER_ACME_1_API_KEY", "acme-1"));
        assertFalse(PayerService.secretBelongsTo("PAYER_ACME_1", "acme-1"));
        assertFalse(PayerService.secretBelongsTo("DB_PASSWORD", "acme-1"));
    }

    @Test
    void absurdOrNegativeAmountsFromAnInsurerAreNotBelieved() {
        String bomb = response("1e-20000000");
        // refused before any rounding (which would take seconds on this value)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> eligibility.read(bomb));
        assertTrue(e.getMessage().contains("not a plausible amount"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> eligibility.read(response("-25.00")));
        assertEquals(new BigDecimal("25.00"), eligibility.read(response("25")).copay());
        assertThrows(IllegalArgumentException.class, () -> org.frontdesk.reception.shared.Amounts.fromOutside(
                new BigDecimal("123456789012345678901234"), "x"));
    }

    private static String response(String copay) {
        return """
                {"resourceType":"CoverageEligibilityResponse","status":"active","purpose":["benefits"],
                 "patient":{"display":"p"},"created":"2026-11-27","request":{"display":"r"},"outcome":"complete",
                 "insurer":{"display":"i"},"insurance":[{"coverage":{"display":"c"},"inforce":true,"item":[{
                 "category":{"coding":[{"code":"30"}]},"benefit":[{"type":{"coding":[{"code":"copay"}]},
                 "allowedMoney":{"value":%s,"currency":"USD"}}]}]}]}""".formatted(copay);
    }
}
