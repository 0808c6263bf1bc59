package org.frontdesk.reception.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The running app serves exactly the committed frontend contract, {@code openapi/openapi.yaml}.
 * To change the contract on purpose, regenerate it and review the diff:
 * {@code ./mvnw test -Dtest=OpenApiContractTest -Dopenapi.update=true}
 */
@QuarkusTest
class OpenApiContractTest {

    private static final Path CONTRACT = Path.of("openapi", "openapi.yaml");

    @Test
    void runningAppServesTheCommittedContract() throws Exception {
        String served = given().queryParam("format", "yaml").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(CONTRACT.getParent());
            Files.writeString(CONTRACT, served);
        }
        assertTrue(Files.exists(CONTRACT), "openapi/openapi.yaml is missing; generate it with "
                + "./mvnw test -Dtest=OpenApiContractTest -Dopenapi.update=true");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode committed = yaml.readTree(Files.readString(CONTRACT));
        JsonNode running = yaml.readTree(served);
        assertEquals(committed, running, "The API served differs from openapi/openapi.yaml. If the change is "
                + "intended, run ./mvnw test -Dtest=OpenApiContractTest -Dopenapi.update=true and commit the diff.");
    }

    @Test
    void contractDescribesOnlyTheApiFace() {
        String served = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        assertTrue(served.contains("\"/api/v1/patients\""));
        assertTrue(!served.contains("\"/fhir"), "the FHIR face is described by /fhir/metadata, not the contract");
        assertTrue(!served.contains("BundleEntryComponent"), "no HAPI model classes in the contract");
    }
}
