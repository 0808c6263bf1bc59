package org.frontdesk.reception.patient;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.frontdesk.reception.patient.Patients.aPatient;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class PatientApiTest {

    static Response register(Object body) {
        return register(body, UUID.randomUUID().toString());
    }

    static Response register(Object body, String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/api/v1/patients");
    }

    static long count(String family) {
        return given().queryParam("name", family).when().get("/api/v1/patients")
                .then().statusCode(200).extract().jsonPath().getLong("total");
    }

    @Test
    void registersAPatientWithMrnLocationAndEtag() {
        Patients p = aPatient().phone("(555) 010-2000").with("preferredLanguage", "es")
                .with("race", List.of("2106-3")).with("ethnicity", List.of("2135-2")).with("birthSex", "F")
                .with("consent", Map.of("sms", true, "email", false))
                .with("contacts", List.of(Map.of("roles", List.of("emergency-contact", "guarantor"),
                        "relationship", "SPS", "family", "Doe", "given", List.of("John"), "phone", "555-010-3000")));
        register(p.json()).then()
                .statusCode(201)
                .header("Location", startsWith("/api/v1/patients/"))
                .header("ETag", equalTo("W/\"0\""))
                .body("mrn", startsWith("MRN"))
                .body("names[0].family", equalTo(p.family()))
                .body("birthDate", equalTo(p.birthDate()))
                .body("consent.sms", is(true))
                .body("consent.updatedAt", notNullValue())
                .body("contacts[0].roles", contains("emergency-contact", "guarantor"))
                .body("race", contains("2106-3"));
    }

    @Test
    void secondRegistrationWithSameNameAndBirthDateGets409WithTheCandidate() {
        Patients first = aPatient().named("José", Patients.uniqueFamily());
        String id = register(first.json()).then().statusCode(201).extract().path("id");
        // same person typed differently at the desk: other case, no accent
        Patients again = aPatient().named("JOSE", first.family().toUpperCase()).born(first.birthDate());
        register(again.json()).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/likely-duplicate"))
                .body("candidates", hasSize(1))
                .body("candidates[0].patientId", equalTo(id))
                .body("candidates[0].reasons", contains("same-name-and-birth-date"));
        assertEquals(1, count(first.family()), "the refused registration must not be stored");
    }

    @Test
    void samePhoneAndBirthDateIsALikelyDuplicate() {
        Patients first = aPatient().phone("+1 (555) 777-" + (1000 + (int) (Math.random() * 8999)));
        register(first.json()).then().statusCode(201);
        @SuppressWarnings("unchecked")
        String phone = ((List<Map<String, String>>) first.json().get("telecoms")).get(0).get("value");
        Patients other = aPatient().born(first.birthDate()).phone(phone.replaceAll("\\D", "").substring(1));
        register(other.json()).then().statusCode(409)
                .body("candidates[0].reasons", contains("same-contact-and-birth-date"));
    }

    @Test
    void confirmedDifferentPersonIsRegisteredDespiteTheMatch() {
        Patients first = aPatient();
        register(first.json()).then().statusCode(201);
        Patients twin = aPatient().named("Ana", first.family()).born(first.birthDate());
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .queryParam("confirmedNotDuplicate", true).body(twin.json())
                .when().post("/api/v1/patients").then().statusCode(201);
        assertEquals(2, count(first.family()));
    }

    @Test
    void registrationWithoutIdempotencyKeyIsRefused() {
        given().contentType(ContentType.JSON).body(aPatient().json())
                .when().post("/api/v1/patients").then()
                .statusCode(400).body("detail", containsString("Idempotency-Key"));
    }

    @Test
    void retryWithTheSameKeyReplaysTheFirstAnswer() {
        Patients p = aPatient();
        String key = UUID.randomUUID().toString();
        Response first = register(p.json(), key);
        first.then().statusCode(201);
        Response retry = register(p.json(), key);
        retry.then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location"));
        assertEquals(first.jsonPath().getString("id"), retry.jsonPath().getString("id"));
        assertEquals(first.jsonPath().getString("mrn"), retry.jsonPath().getString("mrn"));
        assertEquals(1, count(p.family()));
    }

    @Test
    void concurrentRetriesWithOneKeyRegisterOnePatient() throws Exception {
        Patients p = aPatient();
        String key = UUID.randomUUID().toString();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return register(p.json(), key);
                }));
            }
            start.countDown();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var a : answers) {
                Response r = a.get();
                assertEquals(201, r.statusCode());
                ids.add(r.jsonPath().getString("id"));
            }
            assertEquals(1, ids.size(), "every retry must see the same patient");
            assertEquals(1, count(p.family()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keysBelongToTheUserNotOnlyToTheirFrontend() {
        Patients p = aPatient();
        String key = UUID.randomUUID().toString();
        String[] ids = new String[2];
        for (int i = 0; i < 2; i++) {
            Response r = given().auth().oauth2(org.frontdesk.reception.security.Tokens.frontDeskUserOf("desk-frontend",
                            "receptionist-" + i)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .queryParam("confirmedNotDuplicate", true).body(p.json()).when().post("/api/v1/patients");
            r.then().statusCode(201).header("Idempotent-Replayed", nullValue());
            ids[i] = r.jsonPath().getString("id");
        }
        // the second receptionist's key is hers: her registration was done, not answered with the first one's
        assertNotEquals(ids[0], ids[1]);
        assertEquals(2, count(p.family()));
    }

    @Test
    void sameKeyWithADifferentRequestGets422() {
        String key = UUID.randomUUID().toString();
        register(aPatient().json(), key).then().statusCode(201);
        Patients other = aPatient();
        register(other.json(), key).then().statusCode(422)
                .body("type", equalTo("/problems/idempotency-key-reused"));
        assertEquals(0, count(other.family()));
    }

    @Test
    void updateWithAStaleVersionGets412AndChangesNothing() {
        Patients p = aPatient();
        String id = register(p.json()).then().statusCode(201).extract().path("id");
        Map<String, Object> body = p.json();
        body.put("preferredLanguage", "fr");
        given().contentType(ContentType.JSON).header("If-Match", "W/\"0\"").body(body)
                .when().put("/api/v1/patients/" + id).then().statusCode(200).header("ETag", "W/\"1\"")
                .body("preferredLanguage", equalTo("fr"));
        body.put("preferredLanguage", "de");
        given().contentType(ContentType.JSON).header("If-Match", "W/\"0\"").body(body)
                .when().put("/api/v1/patients/" + id).then().statusCode(412)
                .body("type", equalTo("/problems/stale-version"));
        given().when().get("/api/v1/patients/" + id).then().statusCode(200)
                .header("ETag", "W/\"1\"").body("preferredLanguage", equalTo("fr"));
    }

    @Test
    void updateWithoutIfMatchGets428() {
        Patients p = aPatient();
        String id = register(p.json()).then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(p.json())
                .when().put("/api/v1/patients/" + id).then().statusCode(428);
    }

    @Test
    void readRecordCanBeSentBackAsAnUpdate() {
        String id = register(aPatient().json()).then().statusCode(201).extract().path("id");
        Map<String, Object> read = given().when().get("/api/v1/patients/" + id).then().extract().jsonPath().getMap("");
        read.remove("deceased");
        given().contentType(ContentType.JSON).header("If-Match", "W/\"0\"").body(read)
                .when().put("/api/v1/patients/" + id).then().statusCode(200);
    }

    @Test
    void mergePatchChangesOnlyWhatItNamesAndRecordsConsentTime() {
        Patients p = aPatient().phone("555-010-4444");
        String id = register(p.json()).then().statusCode(201).extract().path("id");
        given().contentType("application/merge-patch+json").header("If-Match", "W/\"0\"")
                .body(Map.of("consent", Map.of("sms", true, "email", true)))
                .when().patch("/api/v1/patients/" + id).then()
                .statusCode(200)
                .header("ETag", "W/\"1\"")
                .body("consent.sms", is(true))
                .body("consent.updatedAt", notNullValue())
                .body("names[0].family", equalTo(p.family()))
                .body("telecoms[0].value", equalTo("555-010-4444"));
    }

    @Test
    void mergePatchThatBreaksAFieldIsRefusedWithItsPointer() {
        String id = register(aPatient().json()).then().statusCode(201).extract().path("id");
        given().contentType("application/merge-patch+json").header("If-Match", "W/\"0\"")
                .body("{\"birthDate\": null, \"gender\": \"robot\"}")
                .when().patch("/api/v1/patients/" + id).then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/gender"));
        given().contentType("application/merge-patch+json").header("If-Match", "W/\"0\"")
                .body("{\"birthDate\": null}")
                .when().patch("/api/v1/patients/" + id).then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/birthDate"));
        given().when().get("/api/v1/patients/" + id).then().header("ETag", "W/\"0\"");
    }

    @Test
    void searchByNameIgnoresCaseAndAccentsAndMatchesWordStarts() {
        String family = Patients.uniqueFamily();
        register(aPatient().named("Zoë", "Müller-" + family).json()).then().statusCode(201);
        given().queryParam("name", "ZOE MULLER").when().get("/api/v1/patients").then()
                .statusCode(200).body("total", greaterThanOrEqualToOne());
        given().queryParam("name", "zo " + family.substring(0, 6).toUpperCase()).when().get("/api/v1/patients").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].names[0].given[0]", equalTo("Zoë"));
        given().queryParam("name", "oe " + family).when().get("/api/v1/patients").then()
                .statusCode(200).body("total", equalTo(0));
    }

    private static org.hamcrest.Matcher<Integer> greaterThanOrEqualToOne() {
        return org.hamcrest.Matchers.greaterThanOrEqualTo(1);
    }

    @Test
    void searchByPhoneInAnyFormatAndByMrnAndBirthDate() {
        String digits = "555" + (1000000 + (int) (Math.random() * 8999999));
        Patients p = aPatient().phone("(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6));
        String mrn = register(p.json()).then().statusCode(201).extract().path("mrn");
        given().queryParam("phone", "+1 " + digits).when().get("/api/v1/patients").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].mrn", equalTo(mrn));
        given().queryParam("mrn", mrn).when().get("/api/v1/patients").then()
                .body("total", equalTo(1));
        given().queryParam("name", p.family()).queryParam("birthDate", p.birthDate()).when().get("/api/v1/patients")
                .then().body("total", equalTo(1));
        given().queryParam("name", p.family()).queryParam("birthDate", "1900-01-01").when().get("/api/v1/patients")
                .then().body("total", equalTo(0));
    }

    @Test
    void searchPagesInAStableOrderWithoutGapsOrRepeats() {
        String family = Patients.uniqueFamily();
        for (String given : List.of("Eve", "Bob", "Dan", "Amy", "Cat")) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .queryParam("confirmedNotDuplicate", true)
                    .body(aPatient().named(given, family).born("1990-05-05").json())
                    .when().post("/api/v1/patients").then().statusCode(201);
        }
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            seen.addAll(given().queryParam("name", family).queryParam("size", 2).queryParam("page", page)
                    .when().get("/api/v1/patients").then().statusCode(200).body("total", equalTo(5))
                    .extract().jsonPath().getList("items.collect { it.names[0].given[0] }", String.class));
        }
        assertEquals(List.of("Amy", "Bob", "Cat", "Dan", "Eve"), seen);
    }

    @Test
    void pageSizeOutOfRangeIsRefused() {
        given().queryParam("size", 1000).when().get("/api/v1/patients").then()
                .statusCode(400).body("errors[0].detail", containsString("size"));
    }

    @Test
    void unknownPatientIs404() {
        given().when().get("/api/v1/patients/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/api/v1/patients/not-a-uuid").then().statusCode(404);
    }

    @Test
    void mrnIsIssuedByUsAndNeverTakenFromTheRequest() {
        Map<String, Object> body = aPatient().json();
        body.put("mrn", "HACKED");
        body.put("id", UUID.randomUUID().toString());
        Response r = register(body);
        r.then().statusCode(201);
        assertNotEquals("HACKED", r.jsonPath().getString("mrn"));
        assertNotEquals(body.get("id"), r.jsonPath().getString("id"));
        r.then().body("deceased", nullValue());
    }
}
