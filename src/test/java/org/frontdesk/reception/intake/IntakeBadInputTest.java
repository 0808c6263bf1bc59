package org.frontdesk.reception.intake;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.security.DefaultTokens;
import org.frontdesk.reception.shared.Sql;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.frontdesk.reception.intake.IntakeFixtures.changes;
import static org.frontdesk.reception.intake.IntakeFixtures.resource;
import static org.frontdesk.reception.intake.IntakeFixtures.submit;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A patient's link refuses what it must: an expired link, a used one, a replaced one, one used
 * for another patient's or another form's response, and answers missing a required item. Each
 * gets a 4xx, and nothing is kept or staged.
 */
@QuarkusTest
class IntakeBadInputTest {

    @Inject
    EntityManager em;

    private long responses(String patient) {
        return ((Number) em.createNativeQuery("select count(*) from intake_response where patient_id = ?1")
                .setParameter(1, UUID.fromString(patient)).getSingleResult()).longValue();
    }

    private long live(String appointment) {
        return ((Number) em.createNativeQuery("select count(*) from intake_link where appointment_id = ?1 "
                + "and used_at is null and revoked_at is null").setParameter(1, UUID.fromString(appointment))
                .getSingleResult()).longValue();
    }

    @Test
    void aVisitHasOneLiveLinkPerFormEvenWhenSentTwiceAtOnce() throws Exception {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var sends = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 4; i++) {
                sends.add(pool.submit(() -> IntakeFixtures.send(v.appointment(), form)));
            }
            for (var f : sends) {
                f.get(); // each send is a 201 (none a 500 from the index)
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, live(v.appointment()));
        // the database holds it too: a second live link to the same form is refused
        String link = IntakeFixtures.send(v.appointment(), form);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> Sql.run(em,
                "insert into intake_link (id, token_hash, appointment_id, patient_id, form_id, created_at, created_by, "
                        + "expires_at, message_id) select gen_random_uuid(), sha256(token_hash), appointment_id, patient_id, "
                        + "form_id, created_at, created_by, expires_at, gen_random_uuid() from intake_link where id = ?1",
                UUID.fromString(link)));
        assertTrue(stack(e).contains("intake_link_live"), stack(e));
        // and a response by link is for the link's own patient
        String other = IntakeFixtures.visit().patient();
        Exception fk = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> Sql.run(em,
                "insert into intake_response (id, form_id, patient_id, appointment_id, link_id, status, body, version, "
                        + "created_at, updated_at, created_by, updated_by) select gen_random_uuid(), form_id, ?2, "
                        + "appointment_id, id, 'completed', '{}', 0, now(), now(), 'x', 'x' from intake_link where id = ?1",
                UUID.fromString(link), UUID.fromString(other)));
        assertTrue(stack(fk).contains("intake_response_of_link"), stack(fk));
    }

    private static String stack(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c).append('\n');
        }
        return b.toString();
    }

    @Test
    void openingAndSubmittingAgreeOnExpiryByTheApplicationsClock() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String token = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        // the application's clock eight days on (the link is good for seven); the database's clock is not moved
        io.quarkus.test.junit.QuarkusMock.installMockForType(java.time.Clock.offset(java.time.Clock.systemUTC(),
                java.time.Duration.ofDays(8)), java.time.Clock.class);
        given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", token).when().get("/api/v1/intake/form")
                .then().statusCode(410);
        submit(token, resource("response.json")).then().statusCode(410);
        assertEquals(0, responses(v.patient()));
    }

    @Test
    void anExpiredLinkIsGoneAndStagesNothing() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String link = IntakeFixtures.send(v.appointment(), form);
        Sql.run(em, "update intake_link set created_at = now() - interval '8 days', expires_at = now() - interval '1 day' "
                + "where id = ?1", UUID.fromString(link));
        String token = IntakeFixtures.token(link);
        given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", token).when().get("/api/v1/intake/form")
                .then().statusCode(410);
        JsonPath gone = submit(token, resource("response.json")).then().statusCode(410).extract().jsonPath();
        assertEquals(0, changes(v.patient()).size());
        assertEquals(0, responses(v.patient()));
        // the same answer as a token that never was: no oracle
        JsonPath unknown = submit("A".repeat(43), resource("response.json")).then().statusCode(410).extract().jsonPath();
        assertEquals(gone.getString("detail"), unknown.getString("detail"));
        assertEquals("expired", given().when().get("/api/v1/appointments/" + v.appointment() + "/intake-form").then()
                .statusCode(200).extract().path("links[0].state"));
    }

    @Test
    void aUsedLinkIsGoneAndStagesNothingMore() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String token = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        submit(token, resource("response.json")).then().statusCode(201);
        submit(token, resource("response.json")).then().statusCode(410);
        given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", token).when().get("/api/v1/intake/form")
                .then().statusCode(410);
        assertEquals(2, changes(v.patient()).size());
        assertEquals(1, responses(v.patient()));
    }

    @Test
    void sendingAgainReplacesTheEarlierLink() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String first = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        String second = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        submit(first, resource("response.json")).then().statusCode(410);
        assertEquals(0, responses(v.patient()));
        submit(second, resource("response.json")).then().statusCode(201);
        assertEquals(1, responses(v.patient()));
    }

    @Test
    void aLinkUsedForAnotherPatientOrFormIsRefusedAndStaysUsable() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        IntakeFixtures.Visit other = IntakeFixtures.visit();
        String token = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        String forOther = resource("response.json").replace("\"status\": \"completed\",",
                "\"status\": \"completed\", \"subject\": {\"reference\": \"Patient/" + other.patient() + "\"},");
        submit(token, forOther).then().statusCode(403).body("errors[0].pointer", equalTo("/subject"));
        String otherForm = resource("response.json").replace("\"status\": \"completed\",",
                "\"status\": \"completed\", \"questionnaire\": \"" + IntakeFixtures.URL + "|another\",");
        submit(token, otherForm).then().statusCode(403).body("errors[0].pointer", equalTo("/questionnaire"));
        assertEquals(0, changes(v.patient()).size());
        assertEquals(0, changes(other.patient()).size());
        assertEquals(0, responses(v.patient()) + responses(other.patient()));
        // refused, so not used up
        submit(token, resource("response.json")).then().statusCode(201);
        assertEquals(0, changes(other.patient()).size());
    }

    @Test
    void answersMissingARequiredItemGetA422NamingItAndTheLinkStaysUsable() {
        String form = IntakeFixtures.publishForm();
        IntakeFixtures.Visit v = IntakeFixtures.visit();
        String token = IntakeFixtures.token(IntakeFixtures.send(v.appointment(), form));
        String noReason = resource("response.json").replace("{\"linkId\": \"reason\", \"answer\": [{\"valueString\": "
                + "\"Knee hurts\"}]},", "");
        JsonPath problem = submit(token, noReason).then().statusCode(422)
                .contentType("application/problem+json").extract().jsonPath();
        assertTrue(problem.getString("errors[0].detail").startsWith("item 'reason' is required"), problem.prettify());
        assertEquals("/item", problem.getString("errors[0].pointer"));
        assertEquals("reason", problem.getString("linkIds[0]"));
        // a smoker must say how much (the enabled item is now required); the answer to a disabled one is refused
        String smoker = resource("response.json").replace("\"code\": \"N\"", "\"code\": \"Y\"");
        problem = submit(token, smoker).then().statusCode(422).extract().jsonPath();
        assertTrue(problem.getString("errors[0].detail").startsWith("item 'packs' is required"), problem.prettify());
        String stayed = resource("response.json").replace("{\"valueBoolean\": true}", "{\"valueBoolean\": false}");
        problem = submit(token, stayed).then().statusCode(422).extract().jsonPath();
        assertTrue(problem.getString("errors[0].detail").startsWith("item 'street' is not enabled")
                || problem.getString("errors[0].detail").startsWith("item 'address' is not enabled"), problem.prettify());
        assertEquals(0, changes(v.patient()).size());
        assertEquals(0, responses(v.patient()));
        // fixed, it goes through on the same link
        submit(token, resource("response.json")).then().statusCode(201);
        assertEquals(2, changes(v.patient()).size());
    }
}
