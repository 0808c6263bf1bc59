package org.frontdesk.reception.fhir;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.Sql;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A Patient read answers the JSON stored with the record's current version, and only that: the
 * client's first choice of format decides, and a body that is not the row's current state is
 * never served (the record is rendered instead).
 */
@QuarkusTest
class StoredReadTest {

    @Inject EntityManager em;

    @Test
    void theStoredJsonIsServedOnlyWhenItIsTheCurrentStateInTheFormatAsked() {
        String id = given().auth().oauth2(Tokens.ehr()).contentType("application/fhir+json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"resourceType":"Patient","name":[{"family":"Storedread","given":["Ada"]}],
                         "gender":"female","birthDate":"1961-02-03"}""")
                .when().post("/fhir/Patient").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json")
                .when().get("/fhir/Patient/" + id).then().statusCode(200)
                .header("ETag", "W/\"0\"").contentType(containsString("fhir+json")).body("gender", equalTo("female"));
        // XML ranked first (by q-value) gets XML, whatever else is also accepted
        given().auth().oauth2(Tokens.ehr()).header("Accept", "application/json;q=0.1, application/fhir+xml")
                .when().get("/fhir/Patient/" + id).then().statusCode(200)
                .contentType(containsString("fhir+xml")).body(containsString("<Patient"));
        // the row changed without its version being stored (a script, a restore): the record itself answers
        Sql.run(em, "update patient set gender = 'male', version = version + 1 where id = ?1", UUID.fromString(id));
        given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json")
                .when().get("/fhir/Patient/" + id).then().statusCode(200)
                .header("ETag", "W/\"1\"").body("gender", equalTo("male"));
        given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json").queryParam("family", "Storedread")
                .queryParam("birthdate", "1961-02-03")
                .when().get("/fhir/Patient").then().statusCode(200)
                .body("entry.find { it.resource.id == '" + id + "' }.resource.gender", equalTo("male"));
    }
}
