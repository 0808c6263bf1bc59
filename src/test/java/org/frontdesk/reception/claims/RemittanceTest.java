package org.frontdesk.reception.claims;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 835 posting against hand-worked remittances: a paid claim; a partial denial (CO-45, PR-1, PR-2
 * and a denied line); a reversal and its re-adjudication; a provider-level adjustment; a file
 * that doesn't balance (held); and bad files (broken envelopes, wrong counts, unknown segments,
 * a claim that isn't ours, amounts with 3 decimals, the same file twice), none half-posted.
 */
@QuarkusTest
class RemittanceTest {

    @Inject EntityManager em;

    String payerCode;
    String payerId;
    String patientId;
    String coverageId;

    @BeforeEach
    void payerAndPatient() {
        Map<String, Object> body = Coverages.payerBody("commercial");
        payerCode = (String) body.get("payerCode");
        payerId = Coverages.payer(body);
        patientId = Coverages.patient();
        coverageId = Coverages.added(patientId, Coverages.coverage(payerId, "MEM-" + payerCode, "primary"));
    }

    /** A submitted claim of ours to the test payer, with the given line charges; returns its control number. */
    long claim(String... lineCharges) {
        UUID id = UUID.randomUUID();
        BigDecimal total = Arrays.stream(lineCharges).map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
        Sql.run(em, """
                insert into claim (id, patient_id, coverage_id, payer_id, billing_npi, place_of_service, date_of_service,
                    status, total_charge, created_at, updated_at, created_by, updated_by)
                values (?1, ?2, ?3, ?4, '1234567893', '11', date '2026-11-02', 'submitted', ?5, now(), now(), 't', 't')""",
                id, UUID.fromString(patientId), UUID.fromString(coverageId), UUID.fromString(payerId), total);
        for (int i = 0; i < lineCharges.length; i++) {
            Sql.run(em, """
                    insert into claim_line (claim_id, position, code, units, charge, pointers, service_date)
                    values (?1, ?2, '99213', 1, ?3, '{1}', date '2026-11-02')""", id, i + 1, new BigDecimal(lineCharges[i]));
        }
        return ((Number) em.createNativeQuery("select control_number from claim where id = ?1").setParameter(1, id)
                .getSingleResult()).longValue();
    }

    /** An 835 interchange around these segments (ST to SE exclusive), with right counts unless told. */
    static String x835(String trace, String payer, List<String> body) {
        List<String> st = new ArrayList<>();
        st.add("ST*835*0001");
        st.addAll(body.stream().map(s -> s.replace("{TRN}", trace).replace("{PAYER}", payer)).toList());
        st.add("SE*" + (st.size() + 1) + "*0001");
        return "ISA*00*          *00*          *ZZ*" + pad(payer) + "*ZZ*FRONTDESK      *261130*0900*^*00501*000000101*0*T*:~\n"
                + "GS*HP*" + payer + "*FRONTDESK*20261130*0900*101*X*005010X221A1~\n"
                + String.join("~\n", st) + "~\nGE*1*101~\nIEA*1*000000101~\n";
    }

    static String pad(String s) {
        return String.format("%-15s", s);
    }

    static List<String> header(String amount) {
        return new ArrayList<>(List.of(
                "BPR*I*" + amount + "*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261130",
                "TRN*1*{TRN}*1512345678", "DTM*405*20261129", "N1*PR*TEST PAYER*XV*{PAYER}", "N3*1 PAYER WAY",
                "N4*CHICAGO*IL*60601", "N1*PE*FRONT DESK PRACTICE*XX*1234567893", "LX*1"));
    }

    static List<String> file(String amount, String... rest) {
        List<String> b = header(amount);
        b.addAll(List.of(rest));
        return b;
    }

    ValidatableResponse post(String x12) {
        return given().auth().oauth2(Tokens.billing()).contentType("application/edi-x12").body(x12.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .when().post("/api/v1/remittances").then();
    }

    ValidatableResponse claimOf(long control) {
        UUID id = (UUID) em.createNativeQuery("select id from claim where control_number = ?1").setParameter(1, control)
                .getSingleResult();
        return given().auth().oauth2(Tokens.billing()).when().get("/api/v1/claims/" + id).then().statusCode(200);
    }

    long payments(long control) {
        return ((Number) em.createNativeQuery("select count(*) from claim_payment p join claim c on c.id = p.claim_id "
                + "where c.control_number = ?1").setParameter(1, control).getSingleResult()).longValue();
    }

    String trace() {
        return "T" + UUID.randomUUID().toString().substring(0, 12);
    }

    @Test
    void aPaidClaimAndAPartialDenialPostExactlyTheHandWorkedBalances() {
        long paid = claim("100");
        long partial = claim("200", "100");
        // paid: 100 charged, copay 20 (PR-3), paid 80
        // partial: line 1 200 − CO-45 50 − PR-1 100 − PR-2 10 = 40; line 2 100 denied (CO-50), paid 0
        //          claim 300 − 50 − 100 − 10 − 100 = 40 paid, patient owes 110; BPR = 80 + 40 = 120
        String x12 = x835(trace(), payerCode, file("120",
                "CLP*" + paid + "*1*100*80*20*12*ICN-A*11*1", "NM1*QC*1*DOE*JANE****MI*M1",
                "SVC*HC:99213*100*80**1", "DTM*472*20261102", "CAS*PR*3*20", "REF*6R*1",
                "CLP*" + partial + "*1*300*40*110*12*ICN-B*11*1",
                "SVC*HC:99213*200*40**1", "DTM*472*20261102", "CAS*CO*45*50", "CAS*PR*1*100**2*10",
                "SVC*HC:99213*100*0**1", "DTM*472*20261102", "CAS*CO*50*100", "LQ*HE*N130"));
        String id = post(x12).statusCode(201).body("payments[0].status", equalTo("posted"))
                .body("payments[0].claimCount", equalTo(2)).extract().path("payments[0].id");
        claimOf(paid).body("status", equalTo("paid")).body("paidAmount", equalTo(80.0f))
                .body("patientResponsibility", equalTo(20.0f)).body("payerClaimNumber", equalTo("ICN-A"));
        claimOf(partial).body("status", equalTo("partially-paid")).body("paidAmount", equalTo(40.0f))
                .body("patientResponsibility", equalTo(110.0f)).body("payerClaimNumber", equalTo("ICN-B"))
                .body("statusReason", containsString("CO-50 100"));
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/remittances/" + id).then().statusCode(200)
                .body("paymentAmount", equalTo(120.0f)).body("claims", hasSize(2))
                .body("claims[1].adjustments.reason", equalTo(List.of("45", "1", "2", "50")))
                .body("claims[1].services[1].remarks", equalTo(List.of("N130")));
    }

    @Test
    void aReversalAndItsReadjudicationNetOutAndAProviderAdjustmentBalancesThePayment() {
        long c = claim("100");
        post(x835(trace(), payerCode, file("80", "CLP*" + c + "*1*100*80*20*12*ICN-1*11*1",
                "SVC*HC:99213*100*80**1", "CAS*PR*3*20"))).statusCode(201);
        // reversal of the 80 (−80, patient −20) and the correction: paid 90, patient 10; net 10.
        // The payer also takes back a 12.50 overpayment (WO) and pays 2.50 interest (L6):
        // BPR = (−80 + 90) − (12.50 − 2.50) = 0
        String second = x835(trace(), payerCode, file("0",
                "CLP*" + c + "*22*-100*-80*-20*12*ICN-1*11*1", "SVC*HC:99213*-100*-80**-1", "CAS*PR*3*-20",
                "CLP*" + c + "*1*100*90*10*12*ICN-2*11*1", "SVC*HC:99213*100*90**1", "CAS*PR*3*10",
                "PLB*1234567893*20261231*WO:ICN-0*12.5*L6*-2.5"));
        String id = post(second).statusCode(201).body("payments[0].status", equalTo("posted"))
                .extract().path("payments[0].id");
        claimOf(c).body("status", equalTo("paid")).body("paidAmount", equalTo(90.0f))
                .body("patientResponsibility", equalTo(10.0f)).body("payerClaimNumber", equalTo("ICN-2"));
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/remittances/" + id).then().statusCode(200)
                .body("providerAdjustments", equalTo(10.0f))
                .body("providerAdjustmentLines.reason", equalTo(List.of("WO", "L6")))
                .body("providerAdjustmentLines[0].reference", equalTo("ICN-0"));
        assertEquals(3, payments(c));
    }

    @Test
    void aFileThatDoesNotBalanceIsHeldAndPostsNothing() {
        long c = claim("100");
        post(x835(trace(), payerCode, file("95", "CLP*" + c + "*1*100*80*20*12*ICN-H*11*1",
                "SVC*HC:99213*100*80**1", "CAS*PR*3*20"))).statusCode(201)
                .body("payments[0].status", equalTo("held"))
                .body("payments[0].reasons[0]", containsString("BPR02) is 95.00 but its claims paid 80.00"));
        claimOf(c).body("status", equalTo("submitted")).body("paidAmount", equalTo(null));
        assertEquals(0, payments(c));
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/remittances?status=held").then().statusCode(200)
                .body("status", hasItem("held"));
        // a claim whose lines don't add up is held too
        post(x835(trace(), payerCode, file("80", "CLP*" + c + "*1*100*80*20*12*ICN-H*11*1",
                "SVC*HC:99213*100*80**1", "CAS*PR*3*25"))).statusCode(201)
                .body("payments[0].status", equalTo("held"))
                .body("payments[0].reasons", hasItem(containsString("not the 80.00 paid")));
        assertEquals(0, payments(c));
    }

    @Test
    void theSameFileTwiceChangesNothing() {
        long c = claim("100");
        String x12 = x835(trace(), payerCode, file("80", "CLP*" + c + "*1*100*80*20*12*ICN-D*11*1",
                "SVC*HC:99213*100*80**1", "CAS*PR*3*20"));
        post(x12).statusCode(201).body("payments[0].alreadyPosted", equalTo(false));
        String version = claimOf(c).extract().header("ETag");
        post(x12).statusCode(200).body("payments[0].alreadyPosted", equalTo(true))
                .body("payments[0].status", equalTo("posted"));
        assertEquals(1, payments(c));
        assertEquals(version, claimOf(c).extract().header("ETag"));
    }

    @Test
    void badFilesAreRefusedOrHeldAndNothingIsHalfPosted() {
        long c = claim("100");
        List<String> good = file("80", "CLP*" + c + "*1*100*80*20*12*ICN-X*11*1", "SVC*HC:99213*100*80**1",
                "CAS*PR*3*20");
        String valid = x835(trace(), payerCode, good);
        // broken envelope: the IEA names another interchange
        post(valid.replace("IEA*1*000000101", "IEA*1*000000999")).statusCode(422)
                .body("type", equalTo("/problems/invalid-x12")).body("detail", containsString("control reference mismatch"));
        // wrong count: SE01 off by one
        post(valid.replaceFirst("SE\\*(\\d+)\\*", "SE*99*")).statusCode(422)
                .body("detail", containsString("count"));
        // an unknown segment
        post(valid.replace("CAS*PR*3*20~", "CAS*PR*3*20~\nZZZ*1~")).statusCode(422)
                .body("errors.detail", hasItem(containsString("ZZZ")));
        // more than 2 decimals
        post(x835(trace(), payerCode, file("80", "CLP*" + c + "*1*100*80.001*20*12*ICN-X*11*1",
                "SVC*HC:99213*100*80**1", "CAS*PR*3*20"))).statusCode(422)
                .body("detail", containsString("CLP04 has more than 2 decimals"));
        // an exponent (a huge number in a few characters) is not an amount
        post(x835(trace(), payerCode, file("80", "CLP*" + c + "*1*100*1E500000000*20*12*ICN-X*11*1",
                "SVC*HC:99213*100*80**1", "CAS*PR*3*20"))).statusCode(422)
                .body("detail", containsString("CLP04 is not a plain decimal amount"));
        // a missing amount the claim can't balance without
        post(x835(trace(), payerCode, file("80", "CLP*" + c + "*1*100*80*20*12*ICN-X*11*1",
                "SVC*HC:99213**80**1", "CAS*PR*3*20"))).statusCode(422);
        // the trace number of a posted payment, with another amount: held, not taken for the same payment
        String reused = trace();
        post(x835(reused, payerCode, file("80", "CLP*" + claim("100") + "*1*100*80*20*12*ICN-R*11*1",
                "SVC*HC:99213*100*80**1", "CAS*PR*3*20"))).statusCode(201).body("payments[0].status", equalTo("posted"));
        post(x835(reused, payerCode, file("70", "CLP*" + claim("100") + "*1*100*70*30*12*ICN-R2*11*1",
                "SVC*HC:99213*100*70**1", "CAS*PR*3*30"))).statusCode(201).body("payments[0].status", equalTo("held"))
                .body("payments[0].reasons[0]", containsString("already posted as a payment of 80.00"));
        // not an 835 at all
        post("hello").statusCode(422);
        // an empty body
        given().auth().oauth2(Tokens.billing()).contentType("application/edi-x12").body(new byte[0])
                .when().post("/api/v1/remittances").then().statusCode(400);
        assertEquals(0, payments(c));
        // a claim number that isn't ours (with one of ours): held, nothing posted
        post(x835(trace(), payerCode, file("160", "CLP*" + c + "*1*100*80*20*12*ICN-X*11*1", "SVC*HC:99213*100*80**1",
                "CAS*PR*3*20", "CLP*ABC123*1*100*80*20*12*ICN-Y*11*1", "SVC*HC:99213*100*80**1", "CAS*PR*3*20")))
                .statusCode(201).body("payments[0].status", equalTo("held"))
                .body("payments[0].reasons[0]", containsString("aren't ours: ABC123"));
        assertEquals(0, payments(c));
        claimOf(c).body("status", equalTo("submitted"));
        // another payer's claim: held
        String other = Coverages.payer("commercial");
        Sql.run(em, "update claim set payer_id = ?1 where control_number = ?2", UUID.fromString(other), c);
        post(valid.replace("{TRN}", "x")).statusCode(201).body("payments[0].status", equalTo("held"))
                .body("payments[0].reasons[0]", containsString("was not billed to"));
        assertEquals(0, payments(c));
        // billing only
        given().auth().oauth2(Tokens.frontDesk()).contentType("application/edi-x12").body(valid.getBytes())
                .when().post("/api/v1/remittances").then().statusCode(403);
    }
}
