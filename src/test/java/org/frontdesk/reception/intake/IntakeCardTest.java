package org.frontdesk.reception.intake;

import io.quarkus.test.junit.QuarkusTest;
import org.frontdesk.reception.coverage.Coverages;
import io.restassured.path.json.JsonPath;
import org.frontdesk.reception.security.DefaultTokens;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.TestFiles;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new insurance card answered on a form proposes a coverage; accepting it goes through the
 * coverage service's member-id checks, so an id that can't be the payer's is refused and stays
 * pending, and a right one becomes the patient's next coverage.
 */
@QuarkusTest
class IntakeCardTest {

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;

    @jakarta.inject.Inject
    IntakeCards cards;

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

    @Test
    void aPatientsCardPhotosGoToTheDeskAndOntoTheCoverageItAcceptsThemFor() throws Exception {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String token = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        byte[] blurry = TestFiles.jpeg(40_000, 1);
        byte[] front = TestFiles.jpeg(300_000, 2);
        byte[] back = TestFiles.png(20_000, 3);
        // a PDF is no card photo, HTML is refused by its bytes, a side is front or back, a bad link is any dead link's 410
        photo(token, "front", "application/pdf", TestFiles.pdf(5_000, 4)).then().statusCode(415);
        photo(token, "front", "image/jpeg", "<html>%PDF-1.7</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .then().statusCode(415);
        photo(token, "side", "image/jpeg", front).then().statusCode(400);
        photo("A".repeat(43), "front", "image/jpeg", front).then().statusCode(410);
        photo(token, "front", "image/jpeg", blurry).then().statusCode(200).body("sha256", equalTo(TestFiles.sha256(blurry)));
        // a second photo of a side replaces the first, bytes and all
        photo(token, "front", "image/jpeg", front).then().statusCode(200).body("side", equalTo("front"))
                .body("size", equalTo(front.length));
        photo(token, "back", "image/png", back).then().statusCode(200).body("contentType", equalTo("image/png"));
        assertEquals(0L, storedWith(TestFiles.sha256(blurry)));
        given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", token).when().get("/api/v1/intake/form")
                .then().statusCode(200).body("cardPhotos.side", equalTo(List.of("front", "back")))
                .body("cardPhotos[0].sha256", equalTo(TestFiles.sha256(front)));

        submit(token, resource("response.json")).then().statusCode(201).body("changesProposed", equalTo(3));
        // the form is in: its link takes no more photos
        photo(token, "back", "image/png", back).then().statusCode(410);

        Map<String, Object> proposal = changes(v.patient()).stream().filter(c -> c.get("kind").equals("card-photos"))
                .findFirst().orElseThrow();
        String photos = "/api/v1/patients/" + v.patient() + "/proposed-changes/" + proposal.get("id");
        // the desk looks at each photo as it was sent, at the link the proposal gives
        assertEquals(photos + "/photos/front", ((Map<?, ?>) ((Map<?, ?>) proposal.get("proposed")).get("front")).get("content"));
        byte[] seen = given().auth().oauth2(Tokens.frontDesk()).when().get(photos + "/photos/front").then().statusCode(200)
                .contentType("image/jpeg").header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", containsString(".jpg")).extract().asByteArray();
        assertArrayEquals(front, seen);
        given().auth().oauth2(Tokens.frontDesk()).header("If-None-Match", "\"" + TestFiles.sha256(front) + "\"")
                .when().get(photos + "/photos/front").then().statusCode(304);
        given().auth().oauth2(Tokens.billing()).when().get(photos + "/photos/back").then().statusCode(403);

        // no coverage yet: nowhere to put them; another patient's coverage is not a place either
        accept(photos, null).then().statusCode(409).body("type", equalTo("/problems/no-coverage"));
        String payer = Coverages.payer("commercial");
        String coverage = Coverages.added(v.patient(), Coverages.coverage(payer, "MEM-CARD-1", "primary"));
        String others = Coverages.added(Coverages.patient(), Coverages.coverage(payer, "MEM-CARD-2", "primary"));
        accept(photos, others).then().statusCode(422).body("errors[0].pointer", equalTo("/coverageId"));
        accept(photos, null).then().statusCode(200).body("status", equalTo("accepted"))
                .body("applied.coverageId", equalTo(coverage)).body("coverageId", equalTo(coverage));

        JsonPath onFile = given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/coverages/" + coverage).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(TestFiles.sha256(front), onFile.getString("cardFront.sha256"));
        assertEquals(TestFiles.sha256(back), onFile.getString("cardBack.sha256"));
        assertArrayEquals(back, given().auth().oauth2(Tokens.frontDesk()).when().get(onFile.getString("cardBack.content"))
                .then().statusCode(200).extract().asByteArray());
    }

    @Test
    void photosFollowAResentFormGoWithTheNewCardAndNeverOntoACardTheDeskRefused() throws Exception {
        String payer = Coverages.payer("medicare");
        String code = given().auth().oauth2(Tokens.admin()).when().get("/api/v1/payers/" + payer).then().statusCode(200)
                .extract().path("payerCode");
        String version = "p-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.admin()).contentType("application/fhir+json")
                .body(resource("card-form.json").replace("VERSION", version).replace("\"PAYER\"", "\"" + code + "\""))
                .when().post("/fhir/Questionnaire").then().statusCode(201);
        String form = "https://frontdesk.example.org/fhir/Questionnaire/insurance-card|" + version;
        String self = ", {\"linkId\": \"whose\", \"answer\": [{\"valueCoding\": {\"code\": \"self\"}}]}";
        byte[] front = TestFiles.jpeg(50_000, 11);

        // the patient sends a photo, then the desk sends the form again: the photo goes with the new link
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String first = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        photo(first, "front", "image/jpeg", front).then().statusCode(200);
        String second = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        photo(first, "back", "image/jpeg", front).then().statusCode(410);
        given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", second).when().get("/api/v1/intake/form")
                .then().statusCode(200).body("cardPhotos.side", equalTo(List.of("front")));
        submit(second, card(code, "1EG4TE5MK73", self)).then().statusCode(201).body("changesProposed", equalTo(2));
        List<Map<String, Object>> proposed = changes(v.patient());
        String details = idOf(proposed, "1EG4TE5MK73");
        String photos = "/api/v1/patients/" + v.patient() + "/proposed-changes/" + proposed.stream()
                .filter(c -> c.get("kind").equals("card-photos")).findFirst().orElseThrow().get("id");
        String desk = "/api/v1/patients/" + v.patient() + "/proposed-changes/";

        // the card's details come first; photos of a card the desk refused go nowhere on their own
        accept(photos, null).then().statusCode(409).body("type", equalTo("/problems/card-details-pending"))
                .body("changeId", equalTo(details));
        accept(desk + details, Coverages.added(v.patient(), Coverages.coverage(Coverages.payer("commercial"), "MEM-P-1",
                "primary"))).then().statusCode(400).body("errors[0].pointer", equalTo("/coverageId"));
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(io.restassured.http.ContentType.JSON).body(Map.of("reason", "an old card"))
                .when().post(desk + details + "/reject").then().statusCode(200);
        accept(photos, null).then().statusCode(409).body("type", equalTo("/problems/card-details-rejected"));
        // rejecting the photos deletes their bytes; what was sent stays on the change
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(io.restassured.http.ContentType.JSON).body(Map.of("reason", "the old card"))
                .when().post(photos + "/reject").then().statusCode(200)
                .body("proposed.front.sha256", equalTo(TestFiles.sha256(front)));
        given().auth().oauth2(Tokens.frontDesk()).when().get(photos + "/photos/front").then().statusCode(404);
        assertEquals(0L, storedWith(TestFiles.sha256(front)));

        // a new card accepted: its photos go onto the coverage it became
        IntakeFixtures.Visit w = IntakeFixtures.visit();
        String token = IntakeFixtures.token(IntakeFixtures.send(w.appointment(), form));
        byte[] back = TestFiles.png(30_000, 12);
        photo(token, "back", "image/png", back).then().statusCode(200);
        submit(token, card(code, "2EG4TE5MK72", self)).then().statusCode(201);
        proposed = changes(w.patient());
        String made = given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/patients/" + w.patient() + "/proposed-changes/" + idOf(proposed, "2EG4TE5MK72")
                        + "/accept").then().statusCode(200).extract().path("coverageId");
        accept("/api/v1/patients/" + w.patient() + "/proposed-changes/" + proposed.stream()
                .filter(c -> c.get("kind").equals("card-photos")).findFirst().orElseThrow().get("id"), null)
                .then().statusCode(200).body("applied.coverageId", equalTo(made));
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/coverages/" + made).then().statusCode(200)
                .body("cardBack.sha256", equalTo(TestFiles.sha256(back))).body("cardFront", equalTo(null));
    }

    @Test
    void photosOfALinkThatEndedUnusedAreDeletedADayLater() throws Exception {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String link = IntakeFixtures.send(v.appointment(), form);
        byte[] front = TestFiles.jpeg(20_000, 21);
        photo(IntakeFixtures.token(link), "front", "image/jpeg", front).then().statusCode(200);
        cards.purge();
        assertEquals(1L, storedWith(TestFiles.sha256(front)));
        org.frontdesk.reception.shared.Sql.run(em, "update intake_link set created_at = now() - interval '10 days', expires_at = now() - interval '2 days' "
                        + "where id = ?1", UUID.fromString(link));
        org.junit.jupiter.api.Assertions.assertTrue(cards.purge() >= 1);
        assertEquals(0L, storedWith(TestFiles.sha256(front)));
        assertEquals(0L, ((Number) em.createNativeQuery("select count(*) from intake_card_image where link_id = ?1")
                .setParameter(1, UUID.fromString(link)).getSingleResult()).longValue());
    }

    private long storedWith(String sha256) {
        return ((Number) em.createNativeQuery("select count(*) from stored_content where sha256 = ?1")
                .setParameter(1, sha256).getSingleResult()).longValue();
    }

    private static io.restassured.response.Response photo(String token, String side, String type, byte[] bytes) {
        return given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", token)
                .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(type).body(bytes)
                .when().put("/api/v1/intake/card/" + side);
    }

    private static io.restassured.response.Response accept(String change, String coverageId) {
        var request = given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString());
        if (coverageId != null) {
            request = request.queryParam("coverageId", coverageId);
        }
        return request.when().post(change + "/accept");
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
