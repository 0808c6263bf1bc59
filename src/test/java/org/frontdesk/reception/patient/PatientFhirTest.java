package org.frontdesk.reception.patient;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class PatientFhirTest {

    static final String FHIR_JSON = "application/fhir+json; charset=UTF-8";

    static String patientJson(String family, String given, String birthDate, String extra) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"http://hospital.example/mrn","value":"%s"}],
                 "name":[{"use":"official","family":"%s","given":["%s"]}],
                 "gender":"female","birthDate":"%s"%s}""".formatted(UUID.randomUUID(), family, given, birthDate,
                extra == null ? "" : "," + extra);
    }

    static Response create(String body) {
        return given().contentType(FHIR_JSON).body(body).when().post("/fhir/Patient");
    }

    static String idOf(Response created) {
        return created.then().statusCode(201).extract().header("Location")
                .replaceAll(".*/Patient/([^/]+)/_history/.*", "$1");
    }

    @Test
    void createAnswers201WithLocationEtagAndTheStoredResource() {
        String family = Patients.uniqueFamily();
        create(patientJson(family, "Ann", "1981-04-05", null)).then()
                .statusCode(201)
                .header("Location", containsString("/fhir/Patient/"))
                .header("ETag", equalTo("W/\"0\""))
                .contentType(startsWith("application/fhir+json"))
                .body("resourceType", equalTo("Patient"))
                .body("meta.versionId", equalTo("0"))
                .body("identifier.system", hasItems("urn:frontdesk:mrn", "http://hospital.example/mrn"));
    }

    @Test
    void searchUnderstandsTheFhirParametersAndPagesWithLinks() {
        String family = Patients.uniqueFamily();
        for (String given : new String[]{"Ann", "Beth", "Cleo"}) {
            create(patientJson(family, given, "1975-06-0" + (given.length()), null)).then().statusCode(201);
        }
        given().queryParam("family", family.substring(0, 8).toLowerCase()).queryParam("_count", 2)
                .when().get("/fhir/Patient").then()
                .statusCode(200)
                .body("resourceType", equalTo("Bundle"))
                .body("type", equalTo("searchset"))
                .body("total", equalTo(3))
                .body("entry", hasSize(2))
                .body("link.relation", hasItems("self", "next"))
                .body("entry[0].resource.name[0].given[0]", equalTo("Ann"));
        given().queryParam("family", family).queryParam("given", "cle").when().get("/fhir/Patient").then()
                .body("total", equalTo(1));
        given().queryParam("name", family + " beth").when().get("/fhir/Patient").then()
                .body("total", equalTo(1));
        given().queryParam("family", family).queryParam("birthdate", "ge1975-06-04").when().get("/fhir/Patient").then()
                .body("total", equalTo(2));
        given().queryParam("family", family).queryParam("birthdate", "1975-06").when().get("/fhir/Patient").then()
                .body("total", equalTo(3));
        given().queryParam("family", family).queryParam("gender", "male").when().get("/fhir/Patient").then()
                .body("total", equalTo(0));
    }

    @Test
    void searchByIdentifierAndTelecom() {
        String family = Patients.uniqueFamily();
        String value = UUID.randomUUID().toString();
        create("""
                {"resourceType":"Patient","identifier":[{"system":"http://dmv.example/dl","value":"%s"}],
                 "name":[{"family":"%s"}],"telecom":[{"system":"phone","value":"(555) 301-%s"},
                 {"system":"email","value":"%s@Example.org"}]}""".formatted(value, family, value.substring(0, 4)
                .replaceAll("\\D", "7"), family)).then().statusCode(201);
        given().queryParam("identifier", "http://dmv.example/dl|" + value).when().get("/fhir/Patient").then()
                .body("total", equalTo(1));
        given().queryParam("identifier", "http://other.example|" + value).when().get("/fhir/Patient").then()
                .body("total", equalTo(0));
        given().queryParam("email", family.toLowerCase() + "@example.org").when().get("/fhir/Patient").then()
                .body("total", equalTo(1));
        given().queryParam("family", family).queryParam("phone", "555301" + value.substring(0, 4)
                .replaceAll("\\D", "7")).when().get("/fhir/Patient").then().body("total", equalTo(1));
    }

    @Test
    void unknownSearchParameterIsRefusedRatherThanIgnored() {
        given().queryParam("famly", "x").when().get("/fhir/Patient").then()
                .statusCode(400).contentType(startsWith("application/fhir+json"))
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("famly"));
        given().queryParam("birthdate", "last-tuesday").when().get("/fhir/Patient").then()
                .statusCode(400).body("issue[0].expression[0]", equalTo("birthdate"));
    }

    @Test
    void conditionalCreateReturnsTheExistingPatientInsteadOfASecond() {
        String family = Patients.uniqueFamily();
        String body = patientJson(family, "Dee", "1960-01-01", null);
        String system = "http://hospital.example/mrn";
        String value = body.replaceAll("(?s).*\"value\":\"([^\"]+)\".*", "$1");
        String first = idOf(given().contentType(FHIR_JSON).header("If-None-Exist", "identifier=" + system + "|" + value)
                .body(body).when().post("/fhir/Patient"));
        given().contentType(FHIR_JSON).header("If-None-Exist", "identifier=" + system + "|" + value)
                .body(body).when().post("/fhir/Patient").then()
                .statusCode(200).body("id", equalTo(first));
        given().queryParam("family", family).when().get("/fhir/Patient").then().body("total", equalTo(1));
    }

    @Test
    void plainCreateOfALikelyDuplicateIsAcceptedAndFlaggedForTheDesk() {
        String family = Patients.uniqueFamily();
        String first = idOf(create(patientJson(family, "Eva", "1950-02-02", null)));
        String second = idOf(create(patientJson(family, "EVA", "1950-02-02", null)));
        given().when().get("/api/v1/patients/" + second + "/possible-duplicates").then()
                .statusCode(200)
                .body("candidateId", hasItem(first))
                .body("reason", hasItem("same-name-and-birth-date"));
    }

    @Test
    void matchReturnsScoredCandidatesWithMatchGrades() {
        String family = Patients.uniqueFamily();
        String id = idOf(create(patientJson(family, "Fay", "1945-03-03", null)));
        String params = """
                {"resourceType":"Parameters","parameter":[{"name":"resource","resource":
                  {"resourceType":"Patient","name":[{"family":"%s","given":["Fay"]}],"birthDate":"1945-03-03"}},
                 {"name":"count","valueInteger":5}]}""".formatted(family.toUpperCase());
        given().contentType(FHIR_JSON).body(params).when().post("/fhir/Patient/$match").then()
                .statusCode(200)
                .body("type", equalTo("searchset"))
                .body("entry[0].resource.id", equalTo(id))
                .body("entry[0].search.mode", equalTo("match"))
                .body("entry[0].search.score", equalTo(0.9f))
                .body("entry[0].search.extension[0].valueCode", equalTo("probable"));
        String onlyCertain = params.replace("{\"name\":\"count\",\"valueInteger\":5}",
                "{\"name\":\"onlyCertainMatches\",\"valueBoolean\":true}");
        given().contentType(FHIR_JSON).body(onlyCertain).when().post("/fhir/Patient/$match").then()
                .statusCode(200).body("total", equalTo(0));
    }

    @Test
    void updateHonoursIfMatchAndRefusesAStaleVersion() {
        String family = Patients.uniqueFamily();
        String id = idOf(create(patientJson(family, "Gil", "1970-07-07", null)));
        String updated = patientJson(family, "Gilda", "1970-07-07", "\"id\":\"" + id + "\"");
        given().contentType(FHIR_JSON).header("If-Match", "W/\"0\"").body(updated)
                .when().put("/fhir/Patient/" + id).then()
                .statusCode(200).header("ETag", "W/\"1\"").body("name[0].given[0]", equalTo("Gilda"));
        given().contentType(FHIR_JSON).header("If-Match", "W/\"0\"").body(updated)
                .when().put("/fhir/Patient/" + id).then()
                .statusCode(412).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("conflict"));
        String otherId = patientJson(family, "Gil", "1970-07-07", "\"id\":\"" + UUID.randomUUID() + "\"");
        given().contentType(FHIR_JSON).body(otherId).when().put("/fhir/Patient/" + id).then()
                .statusCode(400).body("issue[0].expression[0]", equalTo("Patient.id"));
    }

    @Test
    void updateReplacesTheWholeResource() {
        String family = Patients.uniqueFamily();
        String id = idOf(create(patientJson(family, "Hal", "1971-01-01",
                "\"telecom\":[{\"system\":\"phone\",\"value\":\"555-0100\"}]")));
        given().contentType(FHIR_JSON).body(patientJson(family, "Hal", "1971-01-01", "\"id\":\"" + id + "\""))
                .when().put("/fhir/Patient/" + id).then().statusCode(200).body("telecom", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void xmlInAndOutAndFormatParameter() {
        String family = Patients.uniqueFamily();
        String xml = """
                <Patient xmlns="http://hl7.org/fhir"><name><family value="%s"/><given value="Ivy"/></name>
                <gender value="female"/><birthDate value="1966-06-06"/></Patient>""".formatted(family);
        String id = idOf(given().contentType("application/fhir+xml").accept("application/fhir+xml").body(xml)
                .when().post("/fhir/Patient"));
        given().when().get("/fhir/Patient/" + id + "?_format=xml").then()
                .statusCode(200).contentType(startsWith("application/fhir+xml"))
                .body(containsString("<family value=\"" + family + "\"/>"));
        given().accept("application/fhir+xml").when().get("/fhir/Patient/" + UUID.randomUUID()).then()
                .statusCode(404).contentType(startsWith("application/fhir+xml"))
                .body(containsString("OperationOutcome"));
    }

    @Test
    void metadataListsExactlyWhatPatientImplements() {
        given().when().get("/fhir/metadata").then()
                .statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("fhirVersion", equalTo("4.0.1"))
                .body("rest[0].resource.type", hasItem("Patient"))
                .body("rest[0].resource.find { it.type == 'Patient' }.interaction.code",
                        hasItems("read", "create", "update", "search-type"))
                .body("rest[0].resource.find { it.type == 'Patient' }.interaction.code", not(hasItem("delete")))
                .body("rest[0].resource.find { it.type == 'Patient' }.searchParam.name",
                        hasItems("family", "given", "name", "birthdate", "identifier", "telecom", "phone", "gender"))
                .body("rest[0].resource.find { it.type == 'Patient' }.operation.name", hasItem("match"));
    }

    @Test
    void aPartialBirthDateIsRefusedNotTruncated() {
        given().contentType(FHIR_JSON).body("{\"resourceType\":\"Patient\",\"birthDate\":\"1974\"}")
                .when().post("/fhir/Patient").then()
                .statusCode(400).body("issue[0].expression[0]", equalTo("Patient.birthDate"));
    }

    @Test
    void aSearchAfterCreateSeesTheNewPatient() {
        String family = Patients.uniqueFamily();
        idOf(create(patientJson(family, "Jo", "1999-09-09", null)));
        assertEquals(1, given().queryParam("family", family).when().get("/fhir/Patient")
                .then().extract().jsonPath().getInt("total"));
    }
}
