package org.frontdesk.reception.shared;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The declared {@code @Idempotent} contract on a call that changes nothing (validating codes):
 * a keyed retry replays the kept body, marked, and another request under the same key is refused.
 */
@QuarkusTest
class IdempotencyTest {

    private static Response validate(String key, String code) {
        var call = given().contentType(ContentType.JSON)
                .body(Map.of("dateOfService", "2022-06-01", "codes", List.of(Map.of("code", code))));
        if (key != null) {
            call.header(Idempotency.HEADER, key);
        }
        return call.when().post("/api/v1/codes/validate");
    }

    @Test
    void aKeyedRetryReplaysTheKeptAnswer() {
        String key = UUID.randomUUID().toString();
        Response first = validate(key, "E11.9");
        first.then().statusCode(200).header(Idempotency.REPLAYED, nullValue());
        Response again = validate(key, "E11.9");
        again.then().statusCode(200).header(Idempotency.REPLAYED, equalTo("true"));
        assertEquals(first.jsonPath().getMap(""), again.jsonPath().getMap(""));
        validate(key, "I10").then().statusCode(422).body("type", equalTo("/problems/idempotency-key-reused"));
    }

    @Test
    void withoutAKeyAnOptionalCallIsSimplyMade() {
        validate(null, "E11.9").then().statusCode(200).header(Idempotency.REPLAYED, nullValue());
        validate(null, "E11.9").then().statusCode(200).header(Idempotency.REPLAYED, nullValue());
    }

    @Test
    void aMalformedKeyIsA400() {
        validate("has spaces in it", "E11.9").then().statusCode(400)
                .body("errors[0].detail", equalTo("Idempotency-Key is malformed"));
    }
}
