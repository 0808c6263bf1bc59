package org.frontdesk.reception.intake;

import io.quarkus.test.junit.QuarkusTest;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.frontdesk.reception.intake.IntakeFixtures.changes;
import static org.frontdesk.reception.intake.IntakeFixtures.resource;
import static org.frontdesk.reception.intake.IntakeFixtures.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new insurance card answered on a form proposes a coverage; accepting it goes through the
 * coverage service's member-id checks, so an id that can't be the payer's is refused and stays
 * pending, and a right one becomes the patient's next coverage.
 */
@QuarkusTest
class IntakeCardTest {

    @Test
    void aCardIsProposedAndAcceptedOnlyWithAMemberIdItsPayerTakes() {
        String payer = Coverages.payer("medicare");
        String code = given().auth().oauth2(Tokens.admin()).when().get("/api/v1/payers/" + payer).then().statusCode(200)
                .extract().path("payerCode");
        String version = "c-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.admin()).contentType("application/fhir+json")
                .body(resource("card-form.json").replace("VERSION", version).replace("\"PAYER\"", "\"" + code + "\""))
                .when().post("/fhir/Questionnaire").then().statusCode(201);
        String form = "https://frontdesk.example.org/fhir/Questionnaire/insurance-card|" + version;

        IntakeFixtures.Visit v = IntakeFixtures.visit();
        // a member id the payer can't have is refused when the patient sends it, naming the item (a Medicare id has 11)
        submit(IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form)), card(code, "12345", ""))
                .then().statusCode(422).body("errors[0].pointer", equalTo("/item/0/item/1/answer/0"))
                .body("linkIds", equalTo(List.of("member")));
        // so is a dependent's card: it needs the subscriber's name and birth date, which the desk takes
        submit(IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form)), card(code, "1EG4TE5MK73",
                ", {\"linkId\": \"whose\", \"answer\": [{\"valueCoding\": {\"code\": \"child\"}}]}"))
                .then().statusCode(422).body("errors[0].detail", containsString("a dependent's card is captured at the desk"))
                .body("linkIds", equalTo(List.of("whose")));
        assertEquals(0, changes(v.patient()).size());
        submit(IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form)), card(code, "1EG4TE5MK73",
                ", {\"linkId\": \"whose\", \"answer\": [{\"valueCoding\": {\"code\": \"self\"}}]}"))
                .then().statusCode(201).body("changesProposed", equalTo(1));
        List<Map<String, Object>> cards = changes(v.patient());
        assertEquals(1, cards.size());
        String good = idOf(cards, "1EG4TE5MK73");
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/patients/" + v.patient() + "/proposed-changes/" + good + "/accept")
                .then().statusCode(200).body("status", equalTo("accepted")).body("applied.memberId", equalTo("1EG4TE5MK73"));

        List<Map<String, Object>> coverages = given().auth().oauth2(Tokens.frontDesk())
                .when().get("/api/v1/patients/" + v.patient() + "/coverages").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals(1, coverages.size());
        assertEquals("1EG4TE5MK73", coverages.get(0).get("memberId"));
        assertEquals("GRP-7", coverages.get(0).get("groupNumber"));
    }

    @Test
    void aCardNamingAnInsurerWeDontHaveOrAnIdTooLongIsRefusedWhenSent() {
        String version = "c-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.admin()).contentType("application/fhir+json")
                .body(resource("card-form.json").replace("VERSION", version).replace("\"type\": \"choice\", \"text\": "
                        + "\"Insurer\"", "\"type\": \"string\", \"text\": \"Insurer\"").replaceFirst(
                        ",\\s*\"answerOption\": \\[\\{\"valueCoding\": \\{\"system\": \"urn:frontdesk:payer-id\", \"code\": "
                                + "\"PAYER\"}}]", ""))
                .when().post("/fhir/Questionnaire").then().statusCode(201);
        String form = "https://frontdesk.example.org/fhir/Questionnaire/insurance-card|" + version;
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String unknown = "Organization/" + UUID.randomUUID();
        submit(IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form)), card(unknown, "ABC123", "")
                .replace("{\"valueCoding\": {\"system\": \"urn:frontdesk:payer-id\", \"code\": \"" + unknown + "\"}}",
                        "{\"valueString\": \"" + unknown + "\"}"))
                .then().statusCode(422).body("linkIds", equalTo(List.of("insurer")))
                .body("errors[0].detail", containsString("is not an insurer of ours"));
        // the coverage keeps 50 characters of a member id: 51 is refused when sent, not when the desk accepts
        String payer = Coverages.payer("commercial");
        submit(IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form)), card("Organization/" + payer,
                "X".repeat(51), "").replace("{\"valueCoding\": {\"system\": \"urn:frontdesk:payer-id\", \"code\": \"Organization/"
                + payer + "\"}}", "{\"valueString\": \"Organization/" + payer + "\"}"))
                .then().statusCode(422).body("linkIds", equalTo(List.of("member")));
        assertEquals(0, changes(v.patient()).size());
    }

    private static String card(String code, String member, String more) {
        return "{\"resourceType\": \"QuestionnaireResponse\", \"status\": \"completed\", \"item\": [{\"linkId\": "
                + "\"card\", \"item\": [{\"linkId\": \"insurer\", \"answer\": [{\"valueCoding\": {\"system\": "
                + "\"urn:frontdesk:payer-id\", \"code\": \"" + code + "\"}}]}, {\"linkId\": \"member\", \"answer\": "
                + "[{\"valueString\": \"" + member + "\"}]}, {\"linkId\": \"group\", \"answer\": [{\"valueString\": "
                + "\"GRP-7\"}]}, {\"linkId\": \"since\", \"answer\": [{\"valueDate\": \"2026-01-01\"}]}" + more + "]}]}";
    }

    @SuppressWarnings("unchecked")
    private static String idOf(List<Map<String, Object>> changes, String memberId) {
        return (String) changes.stream().filter(c -> memberId.equals(((Map<String, Object>) c.get("proposed")).get("memberId")))
                .findFirst().orElseThrow().get("id");
    }
}
