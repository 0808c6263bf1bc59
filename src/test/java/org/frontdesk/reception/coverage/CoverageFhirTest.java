package org.frontdesk.reception.coverage;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.R4Validator;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.CoverageEligibilityRequest;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /fhir/Coverage and /fhir/Organization, and the official R4 Coverage and eligibility examples. */
@QuarkusTest
class CoverageFhirTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final Path EXAMPLES = Path.of("src/test/resources/fhir/examples");

    @Inject
    EligibilityFhirMapper eligibility;

    @Test
    void anEhrCreatesReadsSearchesAndUpdatesCoverage() {
        String patient = Coverages.patient();
        String payer = Coverages.payer("medicaid");
        Coverage c = new Coverage();
        c.setStatus(Coverage.CoverageStatus.ACTIVE);
        c.setBeneficiary(new Reference("Patient/" + patient));
        c.addPayor(new Reference("Organization/" + payer));
        c.setSubscriberId("MCD-778899");
        c.setPeriod(new org.hl7.fhir.r4.model.Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-01-01")));
        String location = given().contentType("application/fhir+json").body(FHIR.newJsonParser().encodeResourceToString(c))
                .when().post("/fhir/Coverage").then().statusCode(201).extract().header("Location");
        String id = location.replaceAll(".*/Coverage/([^/]+).*", "$1");

        String json = given().when().get("/fhir/Coverage/" + id).then().statusCode(200)
                .body("order", equalTo(1))
                .body("identifier[0].type.coding[0].code", equalTo("MB"))
                .body("identifier[0].value", equalTo("MCD-778899"))
                .body("type.coding[0].code", equalTo("2"))
                .body("payor[0].reference", equalTo("Organization/" + payer))
                .extract().asString();
        List<String> errors = R4Validator.errors(json);
        assertTrue(errors.isEmpty(), "Coverage is not valid R4: " + errors);

        given().queryParam("patient", "Patient/" + patient).when().get("/fhir/Coverage").then().statusCode(200)
                .body("total", equalTo(1)).body("entry[0].resource.id", equalTo(id));
        given().queryParam("beneficiary", patient).queryParam("status", "active").when().get("/fhir/Coverage").then()
                .body("total", equalTo(1));
        given().queryParam("payor", "Organization/" + payer).queryParam("status", "cancelled").when()
                .get("/fhir/Coverage").then().body("total", equalTo(0));
        given().queryParam("status", "lapsed").when().get("/fhir/Coverage").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));

        Coverage changed = FHIR.newJsonParser().parseResource(Coverage.class, json);
        changed.setSubscriberId("MCD-000001");
        changed.getIdentifier().clear();
        String body = FHIR.newJsonParser().encodeResourceToString(changed);
        given().contentType("application/fhir+json").header("If-Match", "W/\"9\"").body(body)
                .when().put("/fhir/Coverage/" + id).then().statusCode(412);
        given().contentType("application/fhir+json").header("If-Match", "W/\"0\"").body(body)
                .when().put("/fhir/Coverage/" + id).then().statusCode(200).body("subscriberId", equalTo("MCD-000001"));

        String org = given().when().get("/fhir/Organization/" + payer).then().statusCode(200)
                .body("type[0].coding[0].code", equalTo("pay")).extract().asString();
        assertTrue(R4Validator.errors(org).isEmpty(), "Organization is not valid R4: " + R4Validator.errors(org));
        String code = JsonPath.from(org).getString("identifier[0].value");
        given().queryParam("identifier", CoverageFhirMapper.PAYER_ID + "|" + code).when().get("/fhir/Organization")
                .then().body("total", equalTo(1)).body("entry[0].resource.id", equalTo(payer));
    }

    @Test
    void aCoverageWithoutABeneficiaryOfOursIsRefusedWithAnExpression() {
        String payer = Coverages.payer("commercial");
        Coverage c = new Coverage();
        c.setStatus(Coverage.CoverageStatus.ACTIVE);
        c.setBeneficiary(new Reference("Patient/not-ours"));
        c.addPayor(new Reference("Organization/" + payer));
        c.setSubscriberId("X");
        given().contentType("application/fhir+json").body(FHIR.newJsonParser().encodeResourceToString(c))
                .when().post("/fhir/Coverage").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue.expression.flatten()", hasItem("Coverage.beneficiary"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Coverage-9876B1.json", "Coverage-7546D.json", "Coverage-7547E.json", "Coverage-SP1234.json"})
    void everyOfficialCoverageExampleIsCreatedAndReadsBackItsPolicy(String file) throws IOException {
        Coverage example = FHIR.newJsonParser().parseResource(Coverage.class, Files.readString(EXAMPLES.resolve(file)));
        String patient = Coverages.patient();
        String payer = Coverages.payer(file.contains("SP") ? "self-pay" : "commercial");
        example.setBeneficiary(new Reference("Patient/" + patient));
        example.setSubscriber(new Reference("Patient/" + patient));
        example.getPayor().clear();
        example.addPayor(new Reference("Organization/" + payer));
        example.setPolicyHolder(null);
        String location = given().contentType("application/fhir+json")
                .body(FHIR.newJsonParser().encodeResourceToString(example))
                .when().post("/fhir/Coverage").then().statusCode(201).extract().header("Location");
        String json = given().when().get(location.substring(location.indexOf("/fhir/"))).then().statusCode(200)
                .extract().asString();
        Coverage back = FHIR.newJsonParser().parseResource(Coverage.class, json);
        String memberId = example.hasSubscriberId() ? example.getSubscriberId() : example.getIdentifierFirstRep().getValue();
        assertEquals(memberId, back.getIdentifierFirstRep().getValue());
        assertEquals(example.getStatus(), back.getStatus());
        assertEquals(example.getPeriod().getEndElement().getValueAsString(), back.getPeriod().getEndElement().getValueAsString());
        example.getClass_().stream().filter(k -> k.getType().getCodingFirstRep().getCode().equals("group")).findFirst()
                .ifPresent(group -> assertEquals(group.getValue(), back.getClass_().stream()
                        .filter(k -> k.getType().getCodingFirstRep().getCode().equals("group")).findFirst()
                        .orElseThrow().getValue()));
        assertTrue(R4Validator.errors(json).isEmpty(), file + " read back is not valid R4: " + R4Validator.errors(json));
    }

    @Test
    void theOfficialEligibilityRequestExamplesAreReadForCoverageDateAndCategory() throws IOException {
        var r1 = eligibility.asked(parse("CoverageEligibilityRequest-52345.json", CoverageEligibilityRequest.class));
        assertEquals("Coverage/9876B1", r1.coverageId());
        assertNull(r1.serviceDate());
        var r2 = eligibility.asked(parse("CoverageEligibilityRequest-52346.json", CoverageEligibilityRequest.class));
        assertEquals(LocalDate.of(2014, 9, 17), r2.serviceDate());
        assertEquals("69", r2.benefitCategory());
    }

    @Test
    void theOfficialEligibilityResponseExamplesAreReadIntoResults() throws IOException {
        var e2500 = eligibility.read(Files.readString(EXAMPLES.resolve("CoverageEligibilityResponse-E2500.json")));
        assertEquals("active", e2500.result());
        var e2501 = eligibility.read(Files.readString(EXAMPLES.resolve("CoverageEligibilityResponse-E2501.json")));
        assertEquals("active", e2501.result());
        var e2502 = eligibility.read(Files.readString(EXAMPLES.resolve("CoverageEligibilityResponse-E2502.json")));
        assertEquals("active", e2502.result());
        var e2503 = eligibility.read(Files.readString(EXAMPLES.resolve("CoverageEligibilityResponse-E2503.json")));
        assertEquals("unknown", e2503.result());
        assertEquals(List.of("http://terminology.hl7.org/CodeSystem/adjudication-error|a001"), e2503.payerErrors());
        assertTrue(e2503.reason().contains("could not be processed"), e2503.reason());
    }

    private static <T extends org.hl7.fhir.instance.model.api.IBaseResource> T parse(String file, Class<T> type)
            throws IOException {
        return FHIR.newJsonParser().parseResource(type, Files.readString(EXAMPLES.resolve(file)));
    }

}
