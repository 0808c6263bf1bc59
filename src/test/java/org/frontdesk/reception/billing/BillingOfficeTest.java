package org.frontdesk.reception.billing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontdesk.reception.claims.ClaimFixtures;
import org.frontdesk.reception.claims.ClaimFixtures.Visit;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.coverage.FakeInsurer;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The billing office's views of what is owed, after real claims and a posted 835: A/R by payer
 * (an unanswered claim) and by patient (the share an 835 left them), by age; the denial queue by
 * CARC; a patient statement (JSON, PDF), its record of sending, its cycle, and dunning when an
 * amount billed before is still open. JSON and CSV.
 */
@QuarkusTest
@QuarkusTestResource(FakeInsurer.class)
class BillingOfficeTest {

    @ConfigProperty(name = "reception.test.insurer-url")
    String insurerUrl;

    @Inject
    EntityManager em;

    @BeforeEach
    void codes() {
        ClaimFixtures.codesAndFees();
    }

    record Billed(Visit visit, String claim, long control, String payerCode) {
    }

    Billed billed() {
        String prefix = "o" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> payer = Coverages.payerBody("commercial");
        payer.put("baseUrl", insurerUrl + "/" + prefix);
        payer.put("channel", "x12-clearinghouse");
        FakeInsurer.server().stubFor(post(urlEqualTo("/" + prefix + "/claims")).willReturn(aResponse().withStatus(202)));
        Visit v = ClaimFixtures.visit(prefix, payer);
        String claim = ClaimFixtures.claim(v);
        ClaimFixtures.submit(claim);
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/claims/" + claim).then().statusCode(200);
        long control = ((Number) em.createNativeQuery("select control_number from claim where id = ?1")
                .setParameter(1, UUID.fromString(claim)).getSingleResult()).longValue();
        return new Billed(v, claim, control, (String) payer.get("payerCode"));
    }

    void remit(Billed b, String paid, String patient, String... adjustments) {
        List<String> st = new ArrayList<>(List.of("ST*835*0001",
                "BPR*I*" + paid + "*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261130",
                "TRN*1*T-" + b.control() + "*1512345678", "N1*PR*PAYER*XV*" + b.payerCode(),
                "N1*PE*FRONT DESK*XX*1234567893", "LX*1",
                "CLP*" + b.control() + "*1*120*" + paid + "*" + patient + "*12*ICN-" + b.control() + "*11*1",
                "SVC*HC:99971*120*" + paid + "**1"));
        st.addAll(List.of(adjustments));
        st.add("SE*" + (st.size() + 1) + "*0001");
        String x12 = "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*FRONTDESK      *261130*0900*^*00501*000000901*0*T*:~\n"
                + "GS*HP*CLEARINGHOUSE*FRONTDESK*20261130*0900*901*X*005010X221A1~\n" + String.join("~\n", st)
                + "~\nGE*1*901~\nIEA*1*000000901~\n";
        given().auth().oauth2(Tokens.billing()).contentType("application/edi-x12")
                .body(x12.getBytes(StandardCharsets.US_ASCII)).when().post("/api/v1/remittances").then().statusCode(201)
                .body("payments[0].status", equalTo("posted"));
    }

    static ValidatableResponse get(String path) {
        return given().auth().oauth2(Tokens.billing()).when().get(path).then();
    }

    @Test
    void agingByPayerAndPatientAndTheDenialQueue() {
        Billed waiting = billed();
        Billed answered = billed();
        // answered: 120 charged, 40 paid, CO-50 50 denied (line), patient owes 30 (PR-2)
        remit(answered, "40", "30", "CAS*CO*50*50", "CAS*PR*2*30", "LQ*HE*N115");
        LocalDate asOf = LocalDate.now(ZoneId.of("America/New_York")).plusDays(40);
        String payerOf = "rows.find { it.id == '" + waiting.visit().payer() + "' }";
        get("/api/v1/billing/ar-aging?by=payer&asOf=" + asOf).statusCode(200)
                .body(payerOf + ".buckets.days31to60", equalTo(120.0f)).body(payerOf + ".buckets.total", equalTo(120.0f))
                .body(payerOf + ".items", equalTo(1));
        // the answered claim owes nothing more from its payer: 120 − 40 − 50 − 30
        get("/api/v1/billing/ar-aging?by=payer&asOf=" + asOf).statusCode(200)
                .body("rows.id", org.hamcrest.Matchers.not(hasItem(answered.visit().payer())));
        String patientOf = "rows.find { it.id == '" + answered.visit().patient() + "' }";
        get("/api/v1/billing/ar-aging?by=patient&asOf=" + asOf).statusCode(200)
                .body(patientOf + ".buckets.days31to60", equalTo(30.0f));
        get("/api/v1/billing/ar-aging?by=patient&asOf=" + asOf.plusDays(60)).statusCode(200)
                .body(patientOf + ".buckets.over90", equalTo(30.0f));
        String csv = given().auth().oauth2(Tokens.billing()).when()
                .get("/api/v1/billing/ar-aging?by=payer&format=csv&asOf=" + asOf).then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertTrue(csv.startsWith("payer_id,payer,items,0-30,31-60,61-90,90+,total\r\n"), csv);
        assertTrue(csv.contains(waiting.visit().payer() + ","), csv);
        get("/api/v1/billing/ar-aging?by=nobody").statusCode(400);

        String denial = "find { it.reasonCode == '50' }";
        get("/api/v1/billing/denials").statusCode(200)
                .body(denial + ".description", equalTo("Not deemed a medical necessity by the payer"))
                .body(denial + ".items.find { it.claimId == '" + answered.claim() + "' }.amount", equalTo(50.0f))
                .body(denial + ".items.find { it.claimId == '" + answered.claim() + "' }.remarks", equalTo(List.of("N115")));
        String denialCsv = given().auth().oauth2(Tokens.billing()).when().get("/api/v1/billing/denials?format=csv").then()
                .statusCode(200).extract().asString();
        assertTrue(denialCsv.contains("50,Not deemed a medical necessity by the payer,CO," + answered.control()), denialCsv);
    }

    @Test
    void aStatementGoesToThePatientWithTheirShareThenDunsWhenUnpaid() throws Exception {
        Billed b = billed();
        remit(b, "70", "30", "CAS*CO*45*20", "CAS*PR*2*30");
        LocalDate day = LocalDate.now(ZoneId.of("UTC")).plusDays(400 + new java.util.Random().nextInt(1000));
        // the desk's amount due for the visit is the patient's share the 835 left
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + b.visit().appointment() + "/amount-due")
                .then().statusCode(200).body("visitCharge", equalTo(30.0f)).body("adjudicated", equalTo(true));
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("statementDate", "2099-01-01"))
                .when().post("/api/v1/statements/runs").then().statusCode(400);
        List<Map<String, Object>> created = given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("statementDate", day.toString()))
                .when().post("/api/v1/statements/runs").then().statusCode(201).extract().path("statements");
        Map<String, Object> mine = created.stream().filter(s -> ((List<?>) s.get("patientIds"))
                .contains(b.visit().patient())).findFirst().orElseThrow();
        String id = (String) mine.get("id");
        assertEquals(0, mine.get("dunningLevel"));
        // 120 charged, insurer paid 70, adjusted 20, the patient's share 30 (the copay fixed at arrival is replaced)
        get("/api/v1/statements/" + id).statusCode(200).body("totalDue", equalTo(30.0f)).body("dunningLevel", equalTo(0))
                .body("accounts[0].visits[0].charges", equalTo(120.0f))
                .body("accounts[0].visits[0].insurancePaid", equalTo(70.0f))
                .body("accounts[0].visits[0].adjustments", equalTo(20.0f))
                .body("accounts[0].visits[0].patientResponsibility", equalTo(30.0f))
                .body("accounts[0].visits[0].balance", equalTo(30.0f)).body("sentAt", equalTo(null));
        byte[] pdf = given().auth().oauth2(Tokens.billing()).when().get("/api/v1/statements/" + id + "/pdf").then()
                .statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (var doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("PATIENT STATEMENT") && text.contains("TOTAL DUE: 30.00"), text);
        }
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON).body(Map.of("via", "mail"))
                .when().post("/api/v1/statements/" + id + "/sent").then().statusCode(200).body("sentVia", equalTo("mail"));
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON).body(Map.of("via", "pigeon"))
                .when().post("/api/v1/statements/" + id + "/sent").then().statusCode(400);
        get("/api/v1/statements/" + id).statusCode(200).body("sentVia", equalTo("mail"));
        get("/api/v1/statements?patientId=" + b.visit().patient()).statusCode(200).body("id", hasItem(id));
        // within the cycle: no second statement
        List<Map<String, Object>> again = given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("statementDate", day.plusDays(10).toString()))
                .when().post("/api/v1/statements/runs").then().statusCode(201).extract().path("statements");
        assertTrue(again.stream().noneMatch(s -> ((List<?>) s.get("patientIds")).contains(b.visit().patient())));
        // a cycle later, still unpaid: a reminder
        List<Map<String, Object>> next = given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("statementDate", day.plusDays(31).toString()))
                .when().post("/api/v1/statements/runs").then().statusCode(201).extract().path("statements");
        Map<String, Object> reminder = next.stream().filter(s -> ((List<?>) s.get("patientIds"))
                .contains(b.visit().patient())).findFirst().orElseThrow();
        assertEquals(1, reminder.get("dunningLevel"));
        get("/api/v1/statements/" + reminder.get("id")).statusCode(200).body("notice", containsString("REMINDER"));
    }
}
