package org.frontdesk.reception.coverage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.X12Issue;
import org.frontdesk.reception.shared.X12Reader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * Eligibility for a payer reached through an X12 clearinghouse (WireMock): the 270 we send is valid
 * X12 and asks about the member and category; the 271 is read into the same normalized answer as
 * the FHIR path (active, plan dates, copay, deductible remaining, coinsurance); a rejection (AAA)
 * or an answer to another inquiry is unknown with the reason; EHRs read the answer as FHIR.
 */
@QuarkusTest
@QuarkusTestResource(FakeInsurer.class)
class ClearinghouseEligibilityTest {

    @ConfigProperty(name = "reception.test.insurer-url")
    String insurerUrl;

    record Setup(String prefix, String coverage) {
    }

    Setup setup(String answer) {
        String prefix = "e" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = Coverages.payerBody("commercial");
        body.put("baseUrl", insurerUrl + "/" + prefix);
        body.put("channel", "x12-clearinghouse");
        String payer = Coverages.payer(body);
        String patient = Coverages.patient();
        String coverage = Coverages.added(patient, Coverages.coverage(payer, "MEM-" + prefix, "primary"));
        FakeInsurer.server().stubFor(post(urlEqualTo("/" + prefix + "/eligibility")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/edi-x12").withBody(answer)
                .withTransformers("response-template")));
        return new Setup(prefix, coverage);
    }

    /** A 271 echoing the inquiry's trace (WireMock takes it from the 270), with these benefit segments. */
    static String answer(String trace, String... benefits) {
        List<String> st = new ArrayList<>(List.of("ST*271*0001*005010X279A1", "BHT*0022*11*R1*20261130*0900",
                "HL*1**20*1", "NM1*PR*2*PAYER*****PI*P1", "HL*2*1*21*1", "NM1*1P*2*PRACTICE*****XX*1234567893",
                "HL*3*2*22*0", "TRN*2*" + trace + "*9FRONTDESK", "NM1*IL*1*DOE*JANE****MI*M1"));
        // a rejection (AAA) sits right after the name; dates and benefits follow it
        List.of(benefits).stream().filter(b -> b.startsWith("AAA")).forEach(st::add);
        st.addAll(List.of("DTP*346*D8*20260101", "DTP*347*D8*20261231"));
        List.of(benefits).stream().filter(b -> !b.startsWith("AAA")).forEach(st::add);
        st.add("SE*" + (st.size() + 1) + "*0001");
        return "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*FRONTDESK      *261130*0900*^*00501*000000555*0*T*:~\n"
                + "GS*HB*CLEARINGHOUSE*FRONTDESK*20261130*0900*555*X*005010X279A1~\n"
                + String.join("~\n", st) + "~\nGE*1*555~\nIEA*1*000000555~\n";
    }

    static final String ECHO = "{{regexExtract request.body 'TRN\\*1\\*([0-9a-f]+)' 'm'}}{{m.0}}";

    static io.restassured.response.ValidatableResponse check(Setup s) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("serviceDate", "2026-12-01", "benefitCategory", "98"))
                .when().post("/api/v1/coverages/" + s.coverage() + "/eligibility").then().statusCode(201);
    }

    @Test
    void the271IsReadIntoTheSameAnswerAsFhirGives() {
        Setup s = setup(answer(ECHO, "EB*1**30**GOLD PPO", "EB*B*IND*98***27*25*****Y", "EB*C*IND*30***23*1500*****Y",
                "EB*C*IND*30***29*750*****Y", "EB*A*IND*30*****.2****Y", "EB*B*IND*98***27*60*****N"));
        String id = check(s).body("result", equalTo("active")).body("copay", equalTo(25.0f))
                .body("deductible", equalTo(1500.0f)).body("deductibleRemaining", equalTo(750.0f))
                .body("coinsurance", equalTo(20.0f)).body("planStart", equalTo("2026-01-01"))
                .body("planEnd", equalTo("2026-12-31")).extract().path("id");
        String sent = FakeInsurer.server().findAll(postRequestedFor(urlEqualTo("/" + s.prefix() + "/eligibility")))
                .get(0).getBodyAsString();
        List<X12Issue> issues = X12Reader.read(new ByteArrayInputStream(sent.getBytes(StandardCharsets.US_ASCII)), seg -> { });
        assertEquals(List.of(), issues, sent);
        assertTrue(sent.contains("ST*270*0001*005010X279A1~"), sent);
        assertTrue(sent.contains("*MI*MEM-" + s.prefix().toUpperCase() + "~"), sent);
        assertTrue(sent.contains("EQ*98~") && sent.contains("TRN*1*" + id.replace("-", "") + "*"), sent);
        given().auth().oauth2(Tokens.ehr()).when().get("/fhir/CoverageEligibilityResponse/" + id).then().statusCode(200)
                .body("outcome", equalTo("complete")).body("insurance[0].inforce", equalTo(true))
                .body("insurance[0].item[0].benefit.type.coding.code.flatten()", equalTo(List.of("copay", "copay-percent",
                        "deductible")));
    }

    @Test
    void aRejectionOrAnAnswerToAnotherInquiryIsUnknownWithTheReason() {
        check(setup(answer(ECHO, "AAA*N**72*C"))).body("result", equalTo("unknown"))
                .body("reason", containsString("AAA 72 invalid/missing subscriber/insured ID"));
        check(setup(answer("0123456789abcdef", "EB*1**30"))).body("result", equalTo("unknown"))
                .body("reason", containsString("answers another inquiry"));
        check(setup(answer(ECHO, "EB*1**30").replace("SE*", "SE*1"))).body("result", equalTo("unknown"))
                .body("reason", containsString("not valid X12"));
        check(setup(answer(ECHO, "EB*6**30"))).body("result", equalTo("inactive"));
    }
}
