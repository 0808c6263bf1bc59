package org.frontdesk.reception.coding;

import io.quarkus.test.junit.QuarkusTest;
import org.frontdesk.reception.fhir.R4Validator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CodeSystem/$validate-code and $lookup on /fhir, by date of service. */
@QuarkusTest
class CodeSystemFhirTest {

    private static final String ICD = "http://hl7.org/fhir/sid/icd-10-cm";

    @BeforeEach
    void load() {
        CodeSets.icd();
    }

    @Test
    void validateCodeAnswersForTheDateOfService() {
        String ok = given().queryParam("url", ICD).queryParam("code", "E11.9").queryParam("date", "2022-06-01")
                .when().get("/fhir/CodeSystem/$validate-code").then().statusCode(200)
                .body("resourceType", equalTo("Parameters"))
                .body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true))
                .body("parameter.find { it.name == 'display' }.valueString",
                        equalTo("Type 2 diabetes mellitus without complications"))
                .extract().asString();
        assertTrue(R4Validator.errors(ok).isEmpty(), "not valid R4: " + R4Validator.errors(ok));
        given().queryParam("url", ICD).queryParam("code", "O35.0XX0").queryParam("date", "2022-10-01")
                .when().get("/fhir/CodeSystem/$validate-code").then().statusCode(200)
                .body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(false))
                .body("parameter.find { it.name == 'message' }.valueString", containsString("FY2022"));
        given().queryParam("url", ICD).queryParam("code", "E11").queryParam("date", "2022-06-01")
                .when().get("/fhir/CodeSystem/$validate-code").then()
                .body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(false));
    }

    @Test
    void lookupGivesTitlesAndWhetherBillable() {
        given().queryParam("system", ICD).queryParam("code", "C8440").queryParam("date", "2022-10-01")
                .when().get("/fhir/CodeSystem/$lookup").then().statusCode(200)
                .body("parameter.find { it.name == 'version' }.valueString", equalTo("FY2023"))
                .body("parameter.find { it.name == 'display' }.valueString", containsString("not elsewhere classified"))
                .body("parameter.find { it.name == 'property' }.part.find { it.name == 'value' }.valueBoolean",
                        equalTo(true));
        given().queryParam("system", ICD).queryParam("code", "ZZZ99").queryParam("date", "2022-10-01")
                .when().get("/fhir/CodeSystem/$lookup").then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        given().queryParam("system", "http://example.org/other").queryParam("code", "X")
                .when().get("/fhir/CodeSystem/$lookup").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        given().queryParam("url", ICD).queryParam("code", "E119").queryParam("date", "June")
                .when().get("/fhir/CodeSystem/$validate-code").then().statusCode(400);
    }
}
