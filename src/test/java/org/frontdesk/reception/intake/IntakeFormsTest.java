package org.frontdesk.reception.intake;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.frontdesk.reception.security.DefaultTokens;
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
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An intake form from end to end: published as a FHIR Questionnaire, sent with a visit as a
 * single-use link, answered by the patient with the link's token, and the address and phone it
 * proposes decided by the desk: the accepted address is in the record and its history, the
 * rejected phone is not.
 */
@QuarkusTest
class IntakeFormsTest {

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;

    @Test
    void deskAcceptsTheAddressAndRejectsThePhoneAndTheRecordShowsExactlyThat() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String link = IntakeFixtures.send(v.appointment(), form);

        // the message asked for: to the visit's patient, the token in the link's fragment, lapsing with the link
        var message = IntakeFixtures.message(link);
        assertEquals("intake-form", message.purpose());
        assertEquals(v.patient(), message.patientId().toString());
        assertTrue(message.text().contains("http://localhost:5173/intake#t="), message.text());
        String token = IntakeFixtures.token(link);
        assertEquals(43, token.length());

        // the day list says sent; opening the form (twice: link scanners) says opened and uses nothing up
        assertEquals("sent", dayEntry(v).getString("intakeForm.state"));
        for (int i = 0; i < 2; i++) {
            given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", token).when().get("/api/v1/intake/form")
                    .then().statusCode(200).body("questionnaire", equalTo(form))
                    .body("form.resourceType", equalTo("Questionnaire")).body("form.item.linkId", hasItem("address"));
        }
        assertEquals("opened", dayEntry(v).getString("intakeForm.state"));

        submit(token, resource("response.json")).then().statusCode(201).body("changesProposed", equalTo(2));
        JsonPath day = dayEntry(v);
        assertEquals("completed", day.getString("intakeForm.state"));
        assertEquals(2, day.getInt("intakeForm.changesWaiting"));

        // nothing applied yet
        JsonPath before = patient(v.patient());
        assertEquals("Chicago", before.getString("addresses[0].city"));
        long versionBefore = Long.parseLong(before.getString("version"));

        List<Map<String, Object>> proposed = changes(v.patient());
        assertEquals(2, proposed.size());
        String address = idOf(proposed, "address");
        String phone = idOf(proposed, "phone");
        assertEquals(2, given().when().get("/api/v1/proposed-changes?locationId=" + v.location() + "&date=" + v.day())
                .then().statusCode(200).extract().jsonPath().getList("$").size());

        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/patients/" + v.patient() + "/proposed-changes/" + address + "/accept")
                .then().statusCode(200).body("status", equalTo("accepted")).body("decidedBy", equalTo("desk-user-1"))
                .body("applied.before.city", equalTo("Chicago")).body("applied.after.city", equalTo("Springfield"));
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(Map.of("reason", "patient said at the desk it is a work phone"))
                .when().post("/api/v1/patients/" + v.patient() + "/proposed-changes/" + phone + "/reject")
                .then().statusCode(200).body("status", equalTo("rejected")).body("applied", equalTo(null));
        // decided once
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/patients/" + v.patient() + "/proposed-changes/" + phone + "/accept")
                .then().statusCode(409);

        JsonPath after = patient(v.patient());
        assertEquals(List.of("12 Elm Street", "Apt 4"), after.getList("addresses[0].line"));
        assertEquals("Springfield", after.getString("addresses[0].city"));
        assertEquals("62704", after.getString("addresses[0].postalCode"));
        assertEquals(1, after.getList("addresses").size());
        assertEquals(List.of("+1 312 555 0100"), after.getList("telecoms.findAll { it.system == 'phone' }.value"));
        assertEquals(versionBefore + 1, Long.parseLong(after.getString("version")));

        // the patient's FHIR history: the new version has the new address and the old phone; the old one the old address
        JsonPath history = given().when().get("/fhir/Patient/" + v.patient() + "/_history").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("Springfield", history.getString("entry[0].resource.address[0].city"));
        assertEquals("+1 312 555 0100", history.getString("entry[0].resource.telecom.find { it.system == 'phone' }.value"));
        assertEquals("Chicago", history.getString("entry[1].resource.address[0].city"));

        List<Map<String, Object>> decided = changes(v.patient());
        assertEquals("accepted", decided.stream().filter(c -> c.get("kind").equals("address")).findFirst().orElseThrow()
                .get("status"));
        Map<String, Object> rejected = decided.stream().filter(c -> c.get("kind").equals("phone")).findFirst().orElseThrow();
        assertEquals("rejected", rejected.get("status"));
        assertNotNull(rejected.get("decidedAt"));
        assertEquals(0, dayEntry(v).getInt("intakeForm.changesWaiting"));
        // the desk's live day list heard each step, in order
        assertEquals(List.of("sent", "opened", "completed", "accepted", "rejected"), em.createNativeQuery(
                        "select status from change_event where desk = 'intake-form' and resource_id = ?1 order by id")
                .setParameter(1, UUID.fromString(v.appointment())).getResultList());

        // the response is on the FHIR face, for the patient and the form
        given().when().get("/fhir/QuestionnaireResponse?patient=Patient/" + v.patient() + "&questionnaire=" + form)
                .then().statusCode(200).body("total", equalTo(1))
                .body("entry[0].resource.questionnaire", equalTo(form))
                .body("entry[0].resource.subject.reference", equalTo("Patient/" + v.patient()));
    }

    @Test
    void aPatientsSubmissionIsKeptAsItsCheckedAnswersOnlyWithWhatTheServerKnows() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String token = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        String sent = resource("response.json").replace("\"status\": \"completed\",", "\"status\": \"completed\", "
                        + "\"text\": {\"status\": \"generated\", \"div\": \"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">"
                        + "<a href=\\\"javascript:alert(1)\\\">x</a></div>\"}, "
                        + "\"contained\": [{\"resourceType\": \"Patient\", \"id\": \"p1\"}], "
                        + "\"extension\": [{\"url\": \"http://evil.example/x\", \"valueString\": \"x\"}], "
                        + "\"author\": {\"reference\": \"Practitioner/123\"}, \"source\": {\"reference\": \"Patient/other\"}, "
                        + "\"encounter\": {\"reference\": \"Encounter/9\"}, \"basedOn\": [{\"reference\": \"ServiceRequest/1\"}], "
                        + "\"authored\": \"1999-01-01T00:00:00Z\",")
                .replace("{\"linkId\": \"reason\", ", "{\"linkId\": \"reason\", \"text\": \"<script>x</script>\", "
                        + "\"extension\": [{\"url\": \"http://evil.example/y\", \"valueString\": \"y\"}], ");
        submit(token, sent).then().statusCode(201);
        String body = given().when().get("/fhir/QuestionnaireResponse?patient=Patient/" + v.patient()).then()
                .statusCode(200).extract().asString();
        JsonPath kept = new JsonPath(body).setRootPath("entry[0].resource");
        for (String gone : new String[]{"text", "contained", "extension", "author", "encounter", "basedOn"}) {
            assertNull(kept.get(gone), gone + " kept: " + body);
        }
        assertTrue(!body.contains("evil.example") && !body.contains("javascript") && !body.contains("<script>"), body);
        assertEquals("Patient/" + v.patient(), kept.getString("source.reference"));
        assertTrue(kept.getString("authored").startsWith("20"), kept.getString("authored"));
        assertEquals(form, kept.getString("questionnaire"));
        assertEquals("Knee hurts", kept.getString("item[0].answer[0].valueString"));

        // a modifierExtension changes what an answer means: refused, not dropped
        String token2 = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        submit(token2, resource("response.json").replace("{\"linkId\": \"reason\", ", "{\"linkId\": \"reason\", "
                + "\"modifierExtension\": [{\"url\": \"http://evil.example/m\", \"valueBoolean\": true}], "))
                .then().statusCode(422).body("errors[0].pointer", equalTo("/item/0"));
    }

    @Test
    void aLinkEndsWithItsVisit() {
        String form = IntakeFixtures.publishForm();
        // cancelling the visit revokes its live link: opening and submitting it are the 410 of any dead link
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String token = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(Map.of("reason", "feeling better"))
                .when().post("/api/v1/appointments/" + v.appointment() + "/cancel").then().statusCode(200);
        given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", token).when().get("/api/v1/intake/form")
                .then().statusCode(410);
        submit(token, resource("response.json")).then().statusCode(410);
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + v.appointment() + "/intake-form")
                .then().statusCode(200).body("links[0].state", equalTo("revoked"));
        assertEquals(0, changes(v.patient()).size());

        // a visit over by other means (here: its row set to fulfilled) takes no answers on a link not revoked
        IntakeFixtures.Visit w = IntakeFixtures.visit();
        String token2 = IntakeFixtures.token(IntakeFixtures.send(w.appointment(), form));
        org.frontdesk.reception.shared.Sql.run(em, "update appointment set status = 'fulfilled' where id = ?1", UUID.fromString(w.appointment()));
        submit(token2, resource("response.json")).then().statusCode(410);
        assertEquals(0, changes(w.patient()).size());
    }

    @Test
    void aRescheduledVisitKeepsItsFormItsAnswersAndItsChanges() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String token = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));

        // moved before the patient answers: the link still works, now for the new time
        String moved = reschedule(v.appointment(), v.day(), 11);
        given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", token).when().get("/api/v1/intake/form")
                .then().statusCode(200);
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + moved + "/intake-form")
                .then().statusCode(200).body("links", hasSize(1)).body("links[0].state", equalTo("opened"))
                .body("links[0].appointmentId", equalTo(moved));
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + v.appointment() + "/intake-form")
                .then().statusCode(200).body("links", hasSize(0));
        submit(token, resource("response.json")).then().statusCode(201).body("changesProposed", equalTo(2));

        // moved after: the answers and the changes waiting go with it, and the day list shows them at the new time
        String again = reschedule(moved, v.day(), 12);
        List<Map<String, Object>> proposed = changes(v.patient());
        assertEquals(2, proposed.size());
        assertEquals(List.of(again, again), proposed.stream().map(c -> c.get("appointmentId")).toList());
        JsonPath day = given().when().get("/api/v1/locations/" + v.location() + "/day?date=" + v.day()).then()
                .statusCode(200).extract().jsonPath();
        assertEquals("completed", day.getString("find { it.appointmentId == '" + again + "' }.intakeForm.state"));
        assertEquals(2, day.getInt("find { it.appointmentId == '" + again + "' }.intakeForm.changesWaiting"));
        assertEquals(1L, ((Number) em.createNativeQuery("select count(*) from intake_response where appointment_id = ?1")
                .setParameter(1, UUID.fromString(again)).getSingleResult()).longValue());
        // a used link stays used after the move
        submit(token, resource("response.json")).then().statusCode(410);
        // a plain cancellation can't pass for a reschedule (whose old visit keeps nothing)
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(Map.of("reason", " Rescheduled "))
                .when().post("/api/v1/appointments/" + again + "/cancel").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/reason"));
    }

    /** Reschedules a visit to the hour given on its day (the desk's reschedule: a new appointment); the new id. */
    private static String reschedule(String appointment, java.time.LocalDate day, int hour) {
        String etag = given().when().get("/api/v1/appointments/" + appointment).then().statusCode(200)
                .extract().header("ETag");
        String start = java.time.ZonedDateTime.of(day, java.time.LocalTime.of(hour, 0), IntakeFixtures.CHICAGO)
                .toInstant().toString();
        return given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON).header("If-Match", etag)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("start", start))
                .when().post("/api/v1/appointments/" + appointment + "/reschedule").then().statusCode(201)
                .body("rescheduledFrom", equalTo(appointment)).extract().path("id");
    }

    @Test
    void anAddressChangedAtTheDeskSinceTheFormWasAnsweredIsAConflict() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String link = IntakeFixtures.send(v.appointment(), form);
        submit(IntakeFixtures.token(link), resource("response.json")).then().statusCode(201);
        JsonPath p = patient(v.patient());
        Map<String, Object> merge = Map.of("addresses", List.of(Map.of("use", "home", "line", List.of("9 Other Way"),
                "city", "Evanston", "state", "IL", "postalCode", "60201")));
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("If-Match", "\"" + p.getString("version") + "\"").contentType("application/merge-patch+json")
                .body(merge).when().patch("/api/v1/patients/" + v.patient()).then().statusCode(200);
        String address = idOf(changes(v.patient()), "address");
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/patients/" + v.patient() + "/proposed-changes/" + address + "/accept")
                .then().statusCode(409).body("type", containsString("patient-changed"));
        assertEquals("Evanston", patient(v.patient()).getString("addresses[0].city"));
        assertEquals("pending", changes(v.patient()).stream().filter(c -> c.get("kind").equals("address")).findFirst()
                .orElseThrow().get("status"));
    }

    @Test
    void anEhrSubmitsThroughFhirAndABadAnswerGetsAnOperationOutcomeNamingTheItem() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String bad = resource("response.json").replace("\"status\": \"completed\",", "\"status\": \"completed\", "
                + "\"questionnaire\": \"" + form + "\", \"subject\": {\"reference\": \"Patient/" + v.patient() + "\"},")
                .replace("{\"valueBoolean\": true}", "{\"valueString\": \"yes\"}");
        JsonPath outcome = given().contentType("application/fhir+json").body(bad).when().post("/fhir/QuestionnaireResponse")
                .then().statusCode(422).extract().jsonPath();
        assertEquals("OperationOutcome", outcome.getString("resourceType"));
        assertTrue(outcome.getString("issue[0].diagnostics").contains("item 'moved'"), outcome.prettify());
        assertEquals("QuestionnaireResponse.item[1].answer[0]", outcome.getString("issue[0].expression[0]"));
        assertEquals(0, changes(v.patient()).size());

        String good = bad.replace("{\"valueString\": \"yes\"}", "{\"valueBoolean\": true}");
        String id = given().contentType("application/fhir+json").body(good).when().post("/fhir/QuestionnaireResponse")
                .then().statusCode(201).extract().path("id");
        given().when().get("/fhir/QuestionnaireResponse/" + id).then().statusCode(200)
                .body("subject.reference", equalTo("Patient/" + v.patient())).body("questionnaire", equalTo(form));
        List<Map<String, Object>> staged = changes(v.patient());
        assertEquals(2, staged.size());
        assertNull(staged.get(0).get("appointmentId"));
    }

    @Test
    void aPublishedFormIsFoundByUrlAndVersionAndNeverChangesItsContent() {
        String form = IntakeFixtures.publishForm();
        String version = form.substring(form.indexOf('|') + 1);
        JsonPath found = given().when().get("/fhir/Questionnaire?url=" + IntakeFixtures.URL + "&version=" + version)
                .then().statusCode(200).body("total", equalTo(1)).extract().jsonPath();
        String id = found.getString("entry[0].resource.id");
        String json = resource("intake-form.json").replace("VERSION", version);
        // the same url|version again
        given().auth().oauth2(Tokens.admin()).contentType("application/fhir+json").body(json)
                .when().post("/fhir/Questionnaire").then().statusCode(409);
        // new wording under the same version
        given().auth().oauth2(Tokens.admin()).contentType("application/fhir+json")
                .body(json.replaceFirst("\\{", "{\"id\": \"" + id + "\",")
                        .replace("Reason for your visit", "Why are you coming?"))
                .when().put("/fhir/Questionnaire/" + id).then().statusCode(409);
        // retiring it is a change of status only
        given().auth().oauth2(Tokens.admin()).contentType("application/fhir+json")
                .body(json.replaceFirst("\\{", "{\"id\": \"" + id + "\",").replace("\"active\"", "\"retired\""))
                .when().put("/fhir/Questionnaire/" + id).then().log().ifValidationFails().statusCode(200);
        given().when().get("/fhir/Questionnaire/" + id).then().statusCode(200).body("status", equalTo("retired"))
                .body("item[0].text", equalTo("Reason for your visit"));
        // a retired form is not sent
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("questionnaire", form))
                .when().post("/api/v1/appointments/" + v.appointment() + "/intake-form").then().statusCode(422);
        // the desk may read forms, not publish them
        given().auth().oauth2(Tokens.frontDesk()).when().get("/fhir/Questionnaire/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.frontDesk()).contentType("application/fhir+json").body(json.replace(version, version + "x"))
                .when().post("/fhir/Questionnaire").then().statusCode(403);
    }

    @Test
    void aFormWhoseConditionPointsForwardOrAtAnUnmappedDefinitionIsNotPublished() {
        String json = resource("intake-form.json").replace("VERSION", "bad-" + UUID.randomUUID().toString().substring(0, 8));
        String forward = json.replace("\"question\": \"moved\"", "\"question\": \"phone\"");
        JsonPath outcome = given().auth().oauth2(Tokens.admin()).contentType("application/fhir+json").body(forward)
                .when().post("/fhir/Questionnaire").then().statusCode(422).extract().jsonPath();
        assertTrue(outcome.getString("issue[0].diagnostics").contains("item 'address'"), outcome.prettify());
        assertTrue(outcome.getString("issue[0].diagnostics").contains("comes after it"), outcome.prettify());
        String unmapped = json.replace("Patient#Patient.telecom.value", "Patient#Patient.birthDate");
        outcome = given().auth().oauth2(Tokens.admin()).contentType("application/fhir+json").body(unmapped)
                .when().post("/fhir/Questionnaire").then().statusCode(422).extract().jsonPath();
        assertTrue(outcome.getString("issue[0].diagnostics").contains("item 'phone'"), outcome.prettify());
        assertEquals("Questionnaire.item[3].definition", outcome.getString("issue[0].expression[0]"));
    }

    private static JsonPath dayEntry(IntakeFixtures.Visit v) {
        JsonPath day = given().when().get("/api/v1/locations/" + v.location() + "/day?date=" + v.day()).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(1, day.getList("$").size());
        return new JsonPath(day.prettify()).setRootPath("[0]");
    }

    private static JsonPath patient(String id) {
        var r = given().when().get("/api/v1/patients/" + id).then().statusCode(200).extract();
        String etag = r.header("ETag");
        assertNotEquals(null, etag);
        return new JsonPath(r.asString().replaceFirst("\\{", "{\"version\": \"" + etag.replaceAll("[^0-9]", "") + "\","));
    }

    private static String idOf(List<Map<String, Object>> changes, String kind) {
        return (String) changes.stream().filter(c -> c.get("kind").equals(kind)).findFirst().orElseThrow().get("id");
    }
}
