package org.frontdesk.reception.coding;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Loading the real ICD-10-CM and HCPCS files and a practice's CPT file, and refusing bad ones whole. */
@QuarkusTest
class CodeSetLoadingTest {

    @BeforeEach
    void loadIcd() {
        CodeSets.icd();
    }

    private static io.restassured.response.ValidatableResponse check(String code, String date) {
        return given().contentType(ContentType.JSON).body(Map.of("dateOfService", date,
                        "codes", List.of(Map.of("system", "icd-10-cm", "code", code))))
                .when().post("/api/v1/codes/validate").then().statusCode(200);
    }

    @Test
    void fy2022MatchesTheFileAndTheAddendaMakeFy2023() {
        given().auth().oauth2(org.frontdesk.reception.security.Tokens.admin()).when().get("/api/v1/code-sets").then()
                .statusCode(200)
                .body("find { it.system == 'icd-10-cm' && it.version == 'FY2022' }.rows", equalTo(95_524))
                .body("find { it.system == 'icd-10-cm' && it.version == 'FY2022' }.billable", equalTo(72_748))
                .body("find { it.system == 'icd-10-cm' && it.version == 'FY2022' }.validFrom", equalTo("2021-10-01"))
                .body("find { it.system == 'icd-10-cm' && it.version == 'FY2022' }.validTo", equalTo("2022-09-30"))
                // 1,176 billable codes added and 287 deleted by the official addenda
                .body("find { it.system == 'icd-10-cm' && it.version == 'FY2023' }.billable", equalTo(72_748 + 1_176 - 287))
                .body("find { it.system == 'icd-10-cm' && it.version == 'FY2023' }.validFrom", equalTo("2022-10-01"));
        // loading the same file as the same version again changes nothing
        CodeSets.load("icd10cm-order", "FY2022", CodeSets.ICD_2022).then().statusCode(200)
                .body("alreadyLoaded", equalTo(true)).body("rows", equalTo(95_524));
        // another file under a loaded version is refused
        CodeSets.load("icd10cm-order", "FY2022", CodeSets.write("other.txt",
                "00001 A00     0 Cholera                                                      Cholera\n"))
                .then().statusCode(409);
    }

    @Test
    void aDeletedCodeIsValidUntilTheEndOfItsYearAndAnAddedOneFromTheStartOfTheNext() {
        // O35.0XX0 was deleted in FY2023 (and not re-added)
        check("O35.0XX0", "2022-09-30").body("codes[0].valid", equalTo(true)).body("codes[0].version", equalTo("FY2022"));
        check("O35.0XX0", "2022-10-01").body("codes[0].valid", equalTo(false)).body("codes[0].found", equalTo(false))
                .body("codes[0].findings[0].rule", equalTo("unknown-code"))
                .body("codes[0].findings[0].message", containsString("it exists in FY2022"));
        // B37.31 was added in FY2023
        check("B37.31", "2022-09-30").body("codes[0].valid", equalTo(false));
        check("B37.31", "2022-10-01").body("codes[0].valid", equalTo(true)).body("codes[0].version", equalTo("FY2023"));
        // B37.3 was billable in FY2022 and is a header in FY2023
        check("B37.3", "2022-09-30").body("codes[0].billable", equalTo(true));
        check("B37.3", "2022-10-01").body("codes[0].billable", equalTo(false));
    }

    @Test
    void aRevisedTitleChangesOnlyInTheNewVersion() {
        check("C84.40", "2022-09-30").body("codes[0].longTitle",
                equalTo("Peripheral T-cell lymphoma, not classified, unspecified site"));
        check("C84.40", "2022-10-01").body("codes[0].longTitle",
                containsString("Peripheral T-cell lymphoma, not elsewhere classified"));
    }

    @Test
    void headersAreNotBillableAndCodesMayBeTypedAnyWay() {
        check("E11", "2022-06-01").body("codes[0].found", equalTo(true)).body("codes[0].billable", equalTo(false))
                .body("codes[0].findings[0].rule", equalTo("not-billable"));
        for (String typed : new String[] {"E11.9", "e119", "  E11.9 ", "E119"}) {
            check(typed, "2022-06-01").body("codes[0].valid", equalTo(true)).body("codes[0].code", equalTo("E119"))
                    .body("codes[0].longTitle", equalTo("Type 2 diabetes mellitus without complications"));
        }
        check("E11.9", "2019-06-01").body("codes[0].valid", equalTo(false))
                .body("codes[0].findings[0].rule", equalTo("no-code-set"));
        given().queryParam("q", "type 2 diabetes without").queryParam("date", "2022-06-01").when().get("/api/v1/codes")
                .then().statusCode(200).body("code", hasItem("E119"));
        given().queryParam("q", "E11.6").queryParam("date", "2022-06-01").when().get("/api/v1/codes").then()
                .body("code[0]", equalTo("E116"));
    }

    @Test
    void theHcpcsFileLoadsWithItsDatesAndAPracticeCptFileToo() {
        // the sample practice loads it too, so this may be the second load of the same file
        CodeSets.ensure("hcpcs", "2020", CodeSets.hcpcs2020()).then().body("rows", equalTo(6_710));
        given().contentType(ContentType.JSON).body(Map.of("dateOfService", "2020-06-01",
                        "codes", List.of(Map.of("system", "hcpcs", "code", "A0021"))))
                .when().post("/api/v1/codes/validate").then().statusCode(200)
                .body("codes[0].valid", equalTo(true))
                .body("codes[0].longTitle", equalTo("Ambulance service, outside state per mile, transport (medicaid only)"));
        given().contentType(ContentType.JSON).body(Map.of("dateOfService", "2021-06-01",
                        "codes", List.of(Map.of("system", "hcpcs", "code", "A0021"))))
                .when().post("/api/v1/codes/validate").then().body("codes[0].valid", equalTo(false));

        // invented codes: CPT belongs to the AMA and is never shipped
        CodeSets.load("cpt", "CPT-TEST-2020", CodeSets.write("cpt-2020.txt",
                "code\tdescriptor\teffective\tend\n99991\tInvented office visit\t20200101\t20200630\n"
                        + "99992\tInvented procedure\t\t\n"), "validFrom", "2020-01-01", "validTo", "2020-12-31")
                .then().statusCode(201).body("rows", equalTo(2)).body("alreadyLoaded", equalTo(false));
        given().contentType(ContentType.JSON).body(Map.of("dateOfService", "2020-08-01",
                        "codes", List.of(Map.of("system", "cpt", "code", "99991"), Map.of("system", "cpt", "code", "99992"))))
                .when().post("/api/v1/codes/validate").then().statusCode(200)
                .body("codes[0].valid", equalTo(false)).body("codes[0].findings[0].rule", equalTo("not-in-effect"))
                .body("codes[1].valid", equalTo(true));
    }

    @Test
    void badFilesAreRefusedWithTheLineNumberAndNothingStays() {
        String good = "00001 A00     0 Cholera                                                      Cholera\n";
        CodeSets.load("icd10cm-order", "FY2090", CodeSets.write("truncated.txt",
                        good + "00002 A000    1 Cholera due to Vibrio\n" + good))
                .then().statusCode(422).body("type", equalTo("/problems/bad-code-file"))
                .body("detail", containsString("line 2"));
        CodeSets.load("icd10cm-order", "FY2091", CodeSets.hcpcs2020()).then().statusCode(422)
                .body("detail", containsString("line 1"));
        CodeSets.load("icd10cm-addenda", "FY2092", CodeSets.ICD_ADDENDA_2023, "basedOn", "FY1999").then()
                .statusCode(422).body("type", equalTo("/problems/unknown-code-set-version"));
        CodeSets.load("mue", "MUE-BAD", CodeSets.write("mue-bad.txt",
                        "HCPCS/CPT Code\tPractitioner Services MUE Values\tMUE Adjudication Indicator\n"
                                + "99901\t2\t1 Line Edit\n99902\tlots\t2 Date of Service Edit: Policy\n"),
                "validFrom", "2022-01-01", "validTo", "2022-12-31")
                .then().statusCode(422).body("detail", containsString("line 3"));
        given().auth().oauth2(org.frontdesk.reception.security.Tokens.admin()).when().get("/api/v1/code-sets").then()
                .body("version", not(hasItem("FY2090"))).body("version", not(hasItem("FY2091")))
                .body("version", not(hasItem("FY2092"))).body("version", not(hasItem("MUE-BAD")));
        CodeSets.load("icd10cm-order", "FY2093", java.nio.file.Path.of("/etc/passwd")).then().statusCode(403);
        CodeSets.load("icd10cm-order", "FY2094", CodeSets.ICD_2022, "format", "sideways").then().statusCode(400);
    }
}
