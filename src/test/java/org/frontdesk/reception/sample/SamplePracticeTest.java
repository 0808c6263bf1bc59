package org.frontdesk.reception.sample;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The practice dev mode opens on: made through the features' own rules, and made once however
 * often dev mode starts. Seeded here for a day ahead so every time of the day is still free.
 */
@QuarkusTest
class SamplePracticeTest {

    @Inject
    SamplePractice sample;

    @Test
    void devModeOpensOnAWorkingPracticeAndSeedingAgainAddsNothing() {
        LocalDate day = LocalDate.now(ZoneId.systemDefault()).plusDays(30);
        SamplePractice.Seeded first = sample.seed(day);
        // three practitioners, six visits each, on the day and the day after
        assertEquals(2 * 3 * SamplePractice.VISITS_A_DAY, first.visits());
        SamplePractice.Seeded again = sample.seed(day);
        assertFalse(again.practiceCreated());
        assertEquals(0, again.visits());
        assertEquals(0, again.codeSetsLoaded());

        // the README's first call finds the sample's Garcias
        given().queryParam("name", "garcia").when().get("/api/v1/patients").then().statusCode(200)
                .body("total", greaterThanOrEqualTo(2));
        String location = given().auth().oauth2(Tokens.admin()).when().get("/api/v1/locations").then().statusCode(200)
                .extract().path("find { it.name == 'Main Street Family Practice' }.id");
        List<Map<String, Object>> desk = given().queryParam("date", day.toString())
                .when().get("/api/v1/locations/" + location + "/day").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertEquals(3 * SamplePractice.VISITS_A_DAY, desk.size());
        Set<Object> states = desk.stream().map(e -> e.get("status")).collect(Collectors.toSet());
        assertEquals(Set.of("fulfilled", "checked-in", "arrived", "cancelled", "booked"), states);
        assertTrue(desk.stream().anyMatch(e -> "self-pay".equals(e.get("eligibility")) || "no-coverage".equals(e.get("eligibility"))),
                "some sample patients pay for themselves");
        given().queryParam("date", day.plusDays(1).toString()).when().get("/api/v1/locations/" + location + "/day")
                .then().statusCode(200).body("status", hasItems("booked")).body("size()", equalTo(3 * SamplePractice.VISITS_A_DAY));

        // the code sets of data/ answer for their dates, and both payers are in the directory
        given().auth().oauth2(Tokens.billing()).queryParam("q", "E11.9").queryParam("date", "2022-06-01")
                .when().get("/api/v1/codes").then().statusCode(200).body("code[0]", equalTo("E119"));
        given().auth().oauth2(Tokens.admin()).when().get("/api/v1/payers").then().statusCode(200)
                .body("payerCode", hasItems("ACME", "SELF"));
    }
}
