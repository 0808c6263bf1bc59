package org.frontdesk.reception.claims;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontdesk.reception.claims.ClaimFixtures.Visit;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.coverage.FakeInsurer;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.X12Issue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A payer reached through an X12 clearinghouse (WireMock): the claim goes out as an 837P through
 * the outbox (with its idempotency key) and reads back equal to the claim; the clearinghouse's
 * 999, 277CA and 835 files are fetched, applied once and acknowledged: accepted, rejected with
 * the reasons, numbered by the payer, paid. An exported 837P batch, and a 999 that rejects it.
 */
@QuarkusTest
@QuarkusTestResource(FakeInsurer.class)
class ClearinghouseTest {

    @ConfigProperty(name = "reception.test.insurer-url")
    String insurerUrl;

    @Inject ClaimDispatcher dispatcher;
    @Inject ClearinghouseInbox inbox;
    @Inject ClaimService claims;
    @Inject Claim837s x12;
    @Inject EntityManager em;
    @Inject ClaimStatusInquiries inquiries;

    @BeforeEach
    void codes() {
        ClaimFixtures.codesAndFees();
    }

    static WireMockServer house() {
        return FakeInsurer.server();
    }

    record Sent(Visit visit, String claim, String payerCode, String body, long control) {
    }

    Visit visit() {
        String prefix = "x" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> payer = Coverages.payerBody("commercial");
        payer.put("baseUrl", insurerUrl + "/" + prefix);
        payer.put("channel", "x12-clearinghouse");
        house().stubFor(post(urlEqualTo("/" + prefix + "/claims")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"sub-1\"}")));
        house().stubFor(get(urlEqualTo("/" + prefix + "/responses")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[]")));
        return ClaimFixtures.visit(prefix, payer);
    }

    Sent sent(Visit v) {
        String claim = ClaimFixtures.claim(v);
        ClaimFixtures.submit(claim);
        dispatcher.dispatch(50);
        List<LoggedRequest> posts = house().findAll(postRequestedFor(urlEqualTo("/" + v.prefix() + "/claims")));
        String body = posts.get(posts.size() - 1).getBodyAsString();
        String payerCode = ClaimFixtures.read(claim).extract().path("payerId");
        long control = ((Number) em.createNativeQuery("select control_number from claim where id = ?1")
                .setParameter(1, UUID.fromString(claim)).getSingleResult()).longValue();
        return new Sent(v, claim, payerCode, body, control);
    }

    /** Serves these files (id, X12) from the clearinghouse, and takes their acknowledgments. */
    void waiting(Visit v, String... idsAndFiles) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < idsAndFiles.length; i += 2) {
            list.append(i == 0 ? "" : ",").append("{\"id\":\"").append(idsAndFiles[i]).append("\"}");
            house().stubFor(get(urlEqualTo("/" + v.prefix() + "/responses/" + idsAndFiles[i])).willReturn(aResponse()
                    .withStatus(200).withHeader("Content-Type", "application/edi-x12").withBody(idsAndFiles[i + 1])));
            house().stubFor(delete(urlEqualTo("/" + v.prefix() + "/responses/" + idsAndFiles[i]))
                    .willReturn(aResponse().withStatus(204)));
        }
        house().stubFor(get(urlEqualTo("/" + v.prefix() + "/responses")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(list.append("]").toString())));
    }

    ClearinghouseInbox.Polled poll(Visit v) {
        return inbox.poll().stream().filter(p -> p.endpoint().endsWith("/" + v.prefix())).findFirst().orElseThrow();
    }

    static String group(String x12) {
        Matcher m = Pattern.compile("\nGS\\*HC\\*[^*]*\\*[^*]*\\*\\d+\\*\\d+\\*(\\d+)\\*").matcher(x12);
        assertTrue(m.find(), x12);
        return m.group(1);
    }

    static String envelope(String functional, String version, List<String> body) {
        List<String> st = new ArrayList<>();
        st.add("ST*" + ("FA".equals(functional) ? "999" : "HN".equals(functional) ? "277" : "835") + "*0001*" + version);
        st.addAll(body);
        st.add("SE*" + (st.size() + 1) + "*0001");
        return "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*FRONTDESK      *261130*0900*^*00501*000000777*0*T*:~\n"
                + "GS*" + functional + "*CLEARINGHOUSE*FRONTDESK*20261130*0900*777*X*" + version + "~\n"
                + String.join("~\n", st) + "~\nGE*1*777~\nIEA*1*000000777~\n";
    }

    static String ack999(String group, String code, String... errors) {
        List<String> b = new ArrayList<>(List.of("AK1*HC*" + group + "*005010X222A1", "AK2*837*0001*005010X222A1"));
        b.addAll(List.of(errors));
        b.add("IK5*" + code + ("R".equals(code) ? "*5" : ""));
        b.add("AK9*" + code + "*1*1*" + ("R".equals(code) ? "0" : "1"));
        return envelope("FA", "005010X231A1", b);
    }

    static String ack277(long control, String stc, String... more) {
        List<String> b = new ArrayList<>(List.of("BHT*0085*08*BATCH1*20261130*0900*TH",
                "HL*1**20*1", "NM1*PR*2*PAYER*****PI*P1", "TRN*1*T1", "DTP*050*D8*20261130",
                "HL*2*1*21*1", "NM1*41*2*FRONT DESK*****46*FRONTDESK", "TRN*2*B1", "STC*A1:19*20261130*WQ*120",
                "HL*3*2*19*1", "NM1*85*2*FRONT DESK PRACTICE*****XX*1234567893",
                "HL*4*3*PT", "NM1*QC*1*DOE*JANE****MI*M1", "TRN*2*" + control, "STC*" + stc));
        b.addAll(List.of(more));
        return envelope("HN", "005010X214", b);
    }

    @Test
    void theClaimGoesOutAsAn837pThatReadsBackAsTheClaimAndA999And277caComeBack() {
        Visit v = visit();
        Sent s = sent(v);
        ClaimFixtures.read(s.claim()).body("status", equalTo("submitted"))
                .body("statusReason", containsString("taken by the clearinghouse"));
        LoggedRequest request = house().findAll(postRequestedFor(urlEqualTo("/" + v.prefix() + "/claims"))).get(0);
        assertEquals(s.claim() + "-1", request.getHeader("Idempotency-Key"));
        assertTrue(request.getHeader("Content-Type").startsWith("application/edi-x12"));
        // the 837P reads back, valid, equal to the claim as we map it
        List<Claim837> back = new ArrayList<>();
        List<X12Issue> issues = Claim837Reader.read(new ByteArrayInputStream(s.body().getBytes(StandardCharsets.US_ASCII)),
                back::add);
        assertEquals(List.of(), issues);
        Claim837 expected = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> x12.of(claims.get(UUID.fromString(s.claim()))));
        assertEquals(List.of(expected), back);
        assertEquals(Long.toString(s.control()), back.get(0).controlNumber());
        assertEquals(List.of("E119", "I10"), back.get(0).diagnoses());
        assertEquals("99971", back.get(0).lines().get(0).code());

        // 999 accepted, then the 277CA: accepted into adjudication with the payer's claim number
        waiting(v, "f1", ack999(group(s.body()), "A"),
                "f2", ack277(s.control(), "A2:20*20261130*WQ*120", "REF*1K*PAYER-ICN-9"));
        ClearinghouseInbox.Polled p = poll(v);
        assertEquals(2, p.applied(), p.toString());
        ClaimFixtures.read(s.claim()).body("status", equalTo("accepted")).body("payerClaimNumber", equalTo("PAYER-ICN-9"))
                .body("statusReason", containsString("accepted into adjudication"))
                .body("responses.outcome", equalTo(List.of("accepted", "accepted")));
        house().verify(1, deleteRequestedFor(urlEqualTo("/" + v.prefix() + "/responses/f1")));
        // listed again (the acknowledgment was lost): not applied twice, acknowledged again
        ClearinghouseInbox.Polled again = poll(v);
        assertEquals(0, again.applied());
        assertEquals(2, again.skipped());
        house().verify(2, deleteRequestedFor(urlEqualTo("/" + v.prefix() + "/responses/f1")));
        ClaimFixtures.read(s.claim()).body("responses.size()", equalTo(2));

        // the 835 comes the same way and pays it
        String remit = envelope("HP", "005010X221A1", List.of(
                "BPR*I*100*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261130",
                "TRN*1*EFT-" + s.control() + "*1512345678", "N1*PR*PAYER*XV*" + payerCode(s), "N1*PE*FRONT DESK*XX*1234567893",
                "LX*1", "CLP*" + s.control() + "*1*120*100*20*12*PAYER-ICN-9*11*1", "SVC*HC:99971*120*100**1",
                "CAS*PR*3*20"));
        waiting(v, "f3", remit);
        assertEquals(1, poll(v).applied());
        ClaimFixtures.read(s.claim()).body("status", equalTo("paid")).body("paidAmount", equalTo(100.0f))
                .body("patientResponsibility", equalTo(20.0f));
    }

    String payerCode(Sent s) {
        return (String) em.createNativeQuery("select p.payer_code from payer p join claim c on c.payer_id = p.id where c.id = ?1")
                .setParameter(1, UUID.fromString(s.claim())).getSingleResult();
    }

    @Test
    void a999RejectionAndA277caRejectionGiveTheReasons() {
        Visit v = visit();
        Sent s = sent(v);
        waiting(v, "r1", ack999(group(s.body()), "R", "IK3*NM1*17*2010*8", "CTX*CLM01:" + s.control(),
                "IK4*9*67*1"));
        assertEquals(1, poll(v).applied());
        ClaimFixtures.read(s.claim()).body("status", equalTo("rejected"))
                .body("statusReason", containsString("NM1 (segment 17, loop 2010) element 9: required data element missing"));

        Visit w = visit();
        Sent t = sent(w);
        waiting(w, "r2", ack277(t.control(), "A7:562:85*20261130*U*120"));
        assertEquals(1, poll(w).applied());
        ClaimFixtures.read(t.claim()).body("status", equalTo("rejected"))
                .body("statusReason", containsString("A7:562:85 rejected for invalid information"));
    }

    @Test
    void aBrokenFileIsKeptAsRefusedAndAcknowledgedAndUnknownClaimsAreLeftAlone() {
        Visit v = visit();
        Sent s = sent(v);
        String broken = ack999(group(s.body()), "A").replace("SE*", "SE*9");
        waiting(v, "b1", broken, "b2", ack277(999999999L, "A2:20*20261130*WQ*120"));
        ClearinghouseInbox.Polled p = poll(v);
        assertEquals(1, p.refused(), p.toString());
        assertEquals(1, p.applied(), p.toString());
        Object detail = em.createNativeQuery("select detail from clearinghouse_file where remote_id = 'b1' and endpoint like ?1")
                .setParameter(1, "%/" + v.prefix()).getSingleResult();
        assertTrue(detail.toString().contains("count"), detail.toString());
        house().verify(1, deleteRequestedFor(urlEqualTo("/" + v.prefix() + "/responses/b1")));
        ClaimFixtures.read(s.claim()).body("status", equalTo("submitted"));
    }

    @Test
    void aBatchOfReadyClaimsIsOne837pAndA999RejectingItRejectsThemAll() {
        String prefix = "b" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> payer = Coverages.payerBody("commercial");
        payer.put("channel", "x12-clearinghouse");
        Visit one = ClaimFixtures.visit(prefix, payer);
        String a = ClaimFixtures.claim(one);
        given().auth().oauth2(Tokens.billing()).when().post("/api/v1/claims/" + a + "/scrub").then().statusCode(200);
        Map<String, Object> another = Coverages.payerBody("commercial"); // a claim to another payer stays out of the batch
        another.put("channel", "x12-clearinghouse");
        Visit two = ClaimFixtures.visit(prefix + "2", another);
        String b = ClaimFixtures.claim(two);
        given().auth().oauth2(Tokens.billing()).when().post("/api/v1/claims/" + b + "/scrub").then().statusCode(200);
        String batch = given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("payerId", one.payer())).when().post("/api/v1/x12/837-batches").then().statusCode(201)
                .body("claimCount", equalTo(1)).extract().path("id");
        String file = given().auth().oauth2(Tokens.billing()).when().get("/api/v1/x12/837-batches/" + batch + "/837")
                .then().statusCode(200).contentType("application/edi-x12").extract().asString();
        List<Claim837> back = new ArrayList<>();
        assertEquals(List.of(), Claim837Reader.read(new ByteArrayInputStream(file.getBytes(StandardCharsets.US_ASCII)),
                back::add));
        assertEquals(1, back.size());
        Claim837Test.assertCounts(file);
        // the same batch, the same file
        assertEquals(file, given().auth().oauth2(Tokens.billing()).when().get("/api/v1/x12/837-batches/" + batch + "/837")
                .then().statusCode(200).extract().asString());
        ClaimFixtures.read(a).body("status", equalTo("submitted"));
        ClaimFixtures.read(b).body("status", equalTo("ready"));
        // nothing ready is left for that payer
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("payerId", one.payer())).when().post("/api/v1/x12/837-batches").then().statusCode(409);
        // a 999 rejecting the batch's transaction set, uploaded by the desk
        given().auth().oauth2(Tokens.billing()).contentType("application/edi-x12")
                .body(ack999(group(file), "R", "IK3*CLM*20**8").getBytes(StandardCharsets.US_ASCII))
                .when().post("/api/v1/x12/inbound").then().statusCode(200).body("kind", equalTo("999"))
                .body("claimsAnswered", equalTo(1));
        ClaimFixtures.read(a).body("status", equalTo("rejected"));
    }

    @Test
    void aQuietClaimIsAskedAboutOnceAndThe277Applies() {
        Visit v = visit();
        Sent s = sent(v);
        // nothing is asked about a claim that went out today
        inquiries.inquire();
        house().verify(0, postRequestedFor(urlEqualTo("/" + v.prefix() + "/claim-status")));
        // three weeks later with no answer: the payer is asked, its 277 says pending (P1) with its number
        org.frontdesk.reception.shared.Sql.run(em, "update claim set updated_at = now() - interval '21 days' where id = ?1",
                UUID.fromString(s.claim()));
        house().stubFor(post(urlEqualTo("/" + v.prefix() + "/claim-status")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/edi-x12")
                .withBody(ack277(s.control(), "P1:20*20261130**120", "REF*1K*ICN-Q"))));
        assertTrue(inquiries.inquire() >= 1);
        LoggedRequest asked = house().findAll(postRequestedFor(urlEqualTo("/" + v.prefix() + "/claim-status"))).get(0);
        String inquiry = asked.getBodyAsString();
        assertEquals(List.of(), org.frontdesk.reception.shared.X12Reader.read(
                new ByteArrayInputStream(inquiry.getBytes(StandardCharsets.US_ASCII)), seg -> { }), inquiry);
        assertTrue(inquiry.contains("ST*276*0001*005010X212~") && inquiry.contains("TRN*1*" + s.control() + "~")
                && inquiry.contains("REF*EJ*" + s.control() + "~") && inquiry.contains("AMT*T3*120~"), inquiry);
        ClaimFixtures.read(s.claim()).body("status", equalTo("pended")).body("payerClaimNumber", equalTo("ICN-Q"))
                .body("statusReason", containsString("pending: in process"));
        // asked: not asked again before the period is over
        inquiries.inquire();
        house().verify(1, postRequestedFor(urlEqualTo("/" + v.prefix() + "/claim-status")));
    }

    @Test
    void afterThePrimaryPaysTheSecondaryIsBilledWithItsAdjudication() {
        Visit v = visit();
        // the patient's second coverage, at a payer of its own behind the same kind of clearinghouse
        String prefixB = "s" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = Coverages.payerBody("commercial");
        body.put("baseUrl", insurerUrl + "/" + prefixB);
        body.put("channel", "x12-clearinghouse");
        String payerB = Coverages.payer(body);
        Coverages.added(v.patient(), Coverages.coverage(payerB, "SEC-" + prefixB, "secondary"));
        house().stubFor(post(urlEqualTo("/" + prefixB + "/claims")).willReturn(aResponse().withStatus(202)));
        Sent s = sent(v);
        // the primary pays 80 of 120: contractual 10 (CO-45), coinsurance 30 (PR-2)
        String remit = envelope("HP", "005010X221A1", List.of(
                "BPR*I*80*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261130",
                "TRN*1*EFT-S" + s.control() + "*1512345678", "N1*PR*PAYER*XV*" + payerCode(s),
                "N1*PE*FRONT DESK*XX*1234567893", "LX*1", "CLP*" + s.control() + "*1*120*80*30*12*ICN-P*11*1",
                "SVC*HC:99971*120*80**1", "CAS*CO*45*10", "CAS*PR*2*30", "REF*6R*1"));
        given().auth().oauth2(Tokens.billing()).contentType("application/edi-x12")
                .body(remit.getBytes(StandardCharsets.US_ASCII)).when().post("/api/v1/x12/inbound").then().statusCode(200)
                .body("kind", equalTo("835")).body("payments[0].status", equalTo("posted"));
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/claims/waiting-on-secondary?limit=1000").then()
                .statusCode(200).body("find { it.claimId == '" + s.claim() + "' }.nextPayerId", equalTo(payerB))
                .body("find { it.claimId == '" + s.claim() + "' }.paid", equalTo(80.0f));
        String second = given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + s.claim() + "/secondary").then().statusCode(201)
                .body("payerId", equalTo(payerB)).body("status", equalTo("draft")).extract().path("id");
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/claims/waiting-on-secondary?limit=1000").then()
                .statusCode(200).body("claimId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(s.claim())));
        given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + s.claim() + "/secondary").then().statusCode(409);
        ClaimFixtures.submit(second);
        dispatcher.dispatch(50);
        String sentB = house().findAll(postRequestedFor(urlEqualTo("/" + prefixB + "/claims"))).get(0).getBodyAsString();
        List<Claim837> back = new ArrayList<>();
        assertEquals(List.of(), Claim837Reader.read(new ByteArrayInputStream(sentB.getBytes(StandardCharsets.US_ASCII)),
                back::add), sentB);
        Claim837 c = back.get(0);
        assertEquals("S", c.subscriber().responsibility());
        Claim837.OtherPayer primary = c.otherPayers().get(0);
        assertEquals("P", primary.responsibility());
        assertEquals(payerCode(s).toUpperCase(), primary.payerId());
        assertEquals(new java.math.BigDecimal("80.00"), primary.paid());
        assertEquals(new java.math.BigDecimal("30.00"), primary.remainingPatientLiability());
        assertEquals("ICN-P", primary.payerClaimNumber());
        Claim837.LineAdjudication line = c.lines().get(0).adjudications().get(0);
        assertEquals(new java.math.BigDecimal("80.00"), line.paid());
        assertEquals(List.of(new Claim837.Adjustment("CO", "45", new java.math.BigDecimal("10")),
                new Claim837.Adjustment("PR", "2", new java.math.BigDecimal("30"))), line.adjustments());
        // COB balance: the line's charge is what the primary paid plus its adjustments
        assertEquals(0, c.lines().get(0).charge().compareTo(line.paid().add(new java.math.BigDecimal("40"))));
        // the FHIR face: the primary first (not focal) with its adjudication, valid R4
        String fhir = given().auth().oauth2(Tokens.ehr()).when().get("/fhir/Claim/" + second).then().statusCode(200)
                .body("insurance[0].focal", equalTo(false)).body("insurance[0].claimResponse.reference",
                        equalTo("#prior-adjudication")).body("insurance[1].focal", equalTo(true))
                .body("contained.find { it.id == 'prior-adjudication' }.item[0].adjudication.amount.value",
                        equalTo(List.of(80.0f, 10.0f, 30.0f)))
                .extract().asString();
        List<String> errors = org.frontdesk.reception.fhir.R4Validator.errors(fhir);
        assertTrue(errors.isEmpty(), "not valid R4: " + errors);
    }
}
