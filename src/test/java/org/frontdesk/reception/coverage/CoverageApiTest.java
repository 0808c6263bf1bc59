package org.frontdesk.reception.coverage;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.frontdesk.reception.fhir.R4Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Insurance capture on /api/v1: order conflicts, reordering, member-id rules, subscribers, ending. */
@QuarkusTest
class CoverageApiTest {

    @Test
    void noTwoActiveCoveragesShareAnOrderAndReorderingSwapsThemInOneStep() {
        String patient = Coverages.patient();
        String payerA = Coverages.payer("commercial");
        String payerB = Coverages.payer("commercial");
        String primary = Coverages.added(patient, Coverages.coverage(payerA, "A-111", "primary"));

        Coverages.add(patient, Coverages.coverage(payerB, "B-222", "primary")).then().statusCode(409)
                .body("type", equalTo("/problems/coverage-order-taken"))
                .body("detail", containsString("member A-111"))
                .body("errors[0].pointer", equalTo("/order"));
        String secondary = Coverages.added(patient, Coverages.coverage(payerB, "B-222", "secondary"));

        given().contentType(ContentType.JSON).body(Map.of("coverageIds", List.of(secondary, primary)))
                .when().put("/api/v1/patients/" + patient + "/coverages/order").then().statusCode(200)
                .body("id", equalTo(List.of(secondary, primary)))
                .body("order", equalTo(List.of("primary", "secondary")));
        given().contentType(ContentType.JSON).body(Map.of("coverageIds", List.of(secondary)))
                .when().put("/api/v1/patients/" + patient + "/coverages/order").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/coverageIds"));

        // Ending today cancels it and frees its order.
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/v1/coverages/" + secondary + "/end")
                .then().statusCode(200).body("status", equalTo("cancelled"));
        Coverages.added(patient, Coverages.coverage(payerA, "A-333", "primary"));
        given().when().get("/api/v1/patients/" + patient + "/coverages").then().statusCode(200)
                .body("$", hasSize(3)).body("[0].status", equalTo("active")).body("[2].status", equalTo("cancelled"));
    }

    @Test
    void aLapsedCoverageInTheSameOrderIsClosedWhenANewOneIsAdded() {
        String patient = Coverages.patient();
        String payer = Coverages.payer("commercial");
        Map<String, Object> old = Coverages.coverage(payer, "OLD-1", "primary");
        old.put("periodStart", "2024-01-01");
        old.put("periodEnd", "2024-12-31");
        String oldId = Coverages.added(patient, old);
        Coverages.added(patient, Coverages.coverage(payer, "NEW-1", "primary"));
        given().when().get("/api/v1/coverages/" + oldId).then().body("status", equalTo("cancelled"));
    }

    @Test
    void aValidMbiIsStoredWithoutItsDashes() {
        String patient = Coverages.patient();
        String medicare = Coverages.payer("medicare");
        Coverages.add(patient, Coverages.coverage(medicare, "1eg4-te5-mk73", "primary")).then().statusCode(201)
                .body("memberId", equalTo("1EG4TE5MK73")).body("payer.type", equalTo("medicare"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1EG4-TE5-MK7  | has 10",
            "0EG4TE5MK73   | position 1 must be a digit from 1 to 9; found '0'",
            "1SG4TE5MK73   | position 2 must be a letter other than S, L, O, I, B or Z; found 'S'",
            "1E_4TE5MK73   | position 3 must be a digit or a letter",
            "1EGATE5MK73   | position 4 must be a digit; found 'A'",
            "1EG4TE5MK7O   | position 11 must be a digit; found 'O'",
            "1EG4TE5MB73   | position 9 must be a letter other than S, L, O, I, B or Z; found 'B'"})
    void anInvalidMbiIsRefusedNamingThePosition(String mbi, String expected) {
        String patient = Coverages.patient();
        String medicare = Coverages.payer("medicare");
        Coverages.add(patient, Coverages.coverage(medicare, mbi.trim(), "primary")).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/memberId"))
                .body("errors[0].detail", containsString(expected.trim()));
    }

    @Test
    void aPayersMemberIdPatternIsEnforced() {
        Map<String, Object> body = Coverages.payerBody("commercial");
        body.put("memberIdPattern", "[A-Z]{3}\\d{9}");
        String payer = Coverages.payer(body);
        String patient = Coverages.patient();
        Coverages.add(patient, Coverages.coverage(payer, "XY123", "primary")).then().statusCode(400)
                .body("errors[0].detail", containsString("[A-Z]{3}\\d{9}"));
        Coverages.add(patient, Coverages.coverage(payer, "XYZ123456789", "primary")).then().statusCode(201);

        Map<String, Object> broken = Coverages.payerBody("commercial");
        broken.put("memberIdPattern", "[unclosed");
        given().auth().oauth2(org.frontdesk.reception.security.Tokens.admin()).contentType(ContentType.JSON)
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString()).body(broken)
                .when().post("/api/v1/payers").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/memberIdPattern"));
    }

    @Test
    void someoneElsesPolicyNeedsItsSubscriberAndShowsAsAContainedRelatedPerson() {
        String patient = Coverages.patient();
        String payer = Coverages.payer("commercial");
        Map<String, Object> body = new HashMap<>(Coverages.coverage(payer, "SPOUSE-9", "primary"));
        body.put("relationship", "spouse");
        Coverages.add(patient, body).then().statusCode(400).body("errors[0].pointer", equalTo("/subscriber"));

        body.put("subscriber", Map.of("family", "Holder", "given", "Pat", "birthDate", "1975-03-04",
                "memberId", "SUB-1"));
        String id = Coverages.added(patient, body);
        String json = given().when().get("/fhir/Coverage/" + id).then().statusCode(200)
                .body("relationship.coding[0].code", equalTo("spouse"))
                .body("subscriber.reference", equalTo("#subscriber"))
                .body("contained[0].resourceType", equalTo("RelatedPerson"))
                .body("contained[0].name[0].family", equalTo("Holder"))
                .body("subscriberId", equalTo("SUB-1"))
                .body("beneficiary.reference", equalTo("Patient/" + patient))
                .extract().asString();
        List<String> errors = R4Validator.errors(json);
        assertTrue(errors.isEmpty(), "Coverage is not valid R4: " + errors);
    }

    @Test
    void changesNeedTheCurrentVersionAndBadInputGetsProblems() {
        String patient = Coverages.patient();
        String payer = Coverages.payer("commercial");
        String id = Coverages.added(patient, Coverages.coverage(payer, "M-1", "primary"));
        Map<String, Object> change = Coverages.coverage(payer, "M-2", "primary");
        given().contentType(ContentType.JSON).body(change).when().put("/api/v1/coverages/" + id).then().statusCode(428);
        given().contentType(ContentType.JSON).header("If-Match", "W/\"7\"").body(change)
                .when().put("/api/v1/coverages/" + id).then().statusCode(412);
        given().contentType(ContentType.JSON).header("If-Match", "W/\"0\"").body(change)
                .when().put("/api/v1/coverages/" + id).then().statusCode(200).body("memberId", equalTo("M-2"))
                .header("ETag", equalTo("W/\"1\""));
        Map<String, Object> bad = new HashMap<>(change);
        bad.put("order", "quaternary");
        Coverages.add(patient, bad).then().statusCode(400).body("type", containsString("/problems/"));
        Coverages.add(java.util.UUID.randomUUID().toString(), Coverages.coverage(payer, "M-3", "primary"))
                .then().statusCode(404);
        Coverages.add(patient, Coverages.coverage(java.util.UUID.randomUUID().toString(), "M-3", "secondary"))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/payerId"));
    }
}
