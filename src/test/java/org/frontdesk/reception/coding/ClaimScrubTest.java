package org.frontdesk.reception.coding;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Each claim edit, passing and failing, with invented CPT codes and hand-made NCCI, MUE and
 * add-on files in the CMS layouts (none is shipped), and real ICD-10-CM FY2022 diagnoses.
 */
@QuarkusTest
class ClaimScrubTest {

    private static final String DOS = "2022-06-15";

    @BeforeEach
    void loadCodesAndEdits() {
        CodeSets.icd();
        StringBuilder cpt = new StringBuilder();
        for (int i = 1; i <= 9; i++) {
            cpt.append("9990").append(i).append("\tInvented procedure ").append(i).append('\n');
        }
        CodeSets.ensure("cpt", "CPT-SCRUB-2022", CodeSets.write("cpt-scrub.txt", cpt.toString()),
                "validFrom", "2022-01-01", "validTo", "2022-12-31");
        CodeSets.ensure("ncci-ptp", "PTP-2022Q2", CodeSets.write("ptp.txt", """
                Column 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale
                99901\t99902\t\t20220101\t*\t0\tMutually exclusive procedures
                99903\t99904\t\t20220101\t*\t1\tStandards of medical / surgical practice
                99905\t99906\t\t20220101\t20220301\t1\tDeleted in March
                99905\t99907\t\t20220101\t*\t9\tNot applicable
                """), "validFrom", "2022-04-01", "validTo", "2022-06-30");
        CodeSets.ensure("mue", "MUE-2022Q2", CodeSets.write("mue.txt", """
                HCPCS/CPT Code\tPractitioner Services MUE Values\tMUE Adjudication Indicator\tMUE Rationale
                99907\t2\t1 Line Edit\tClinical data
                99908\t3\t2 Date of Service Edit: Policy\tAnatomic consideration
                99909\t1\t3 Date of Service Edit: Clinical\tClinical data
                """), "validFrom", "2022-04-01", "validTo", "2022-06-30");
        CodeSets.ensure("add-on", "AOC-2022Q2", CodeSets.write("addon.txt", """
                Add-on Code\tPrimary Code\tAOC Edit Type\tPrimary Code Effective Date\tPrimary Code Deletion Date
                99906\t99905\t1\t20220101\t*
                """), "validFrom", "2022-04-01", "validTo", "2022-06-30");
    }


    private static Map<String, Object> line(String code, int units, List<Integer> pointers, String... modifiers) {
        Map<String, Object> l = new HashMap<>();
        l.put("code", code);
        l.put("units", units);
        l.put("diagnosisPointers", pointers);
        l.put("modifiers", List.of(modifiers));
        return l;
    }

    private static ValidatableResponse scrub(List<String> diagnoses, List<Map<String, Object>> lines, Map<String, Object> patient) {
        Map<String, Object> body = new HashMap<>();
        body.put("dateOfService", DOS);
        body.put("diagnoses", diagnoses);
        body.put("lines", lines);
        if (patient != null) {
            body.put("patient", patient);
        }
        return given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/claims/scrub").then().statusCode(200);
    }

    private static ValidatableResponse scrub(List<String> diagnoses, Map<String, Object>... lines) {
        return scrub(diagnoses, List.of(lines), null);
    }

    @Test
    void aCleanClaimPasses() {
        scrub(List.of("E11.9", "I10"), line("99901", 1, List.of(1, 2))).body("clean", equalTo(true))
                .body("findings", empty());
    }

    @Test
    void diagnosisCountsAndPointersAreChecked() {
        List<String> thirteen = new ArrayList<>(List.of("E119", "I10", "J069", "R05", "R509", "M545", "K219", "E785",
                "F419", "G4700", "N390", "R51", "Z0000"));
        scrub(thirteen, line("99901", 1, List.of(1))).body("clean", equalTo(false))
                .body("findings.rule", hasItem("too-many-diagnoses"));
        scrub(List.of("E119", "I10"), line("99901", 1, List.of(1, 2, 1, 2, 1))).body("findings.rule", hasItem("too-many-pointers"));
        scrub(List.of("E119"), line("99901", 1, List.of(3))).body("findings.rule", hasItem("bad-diagnosis-pointer"))
                .body("findings.find { it.rule == 'bad-diagnosis-pointer' }.message", containsString("diagnosis 3"));
        scrub(List.of("E119"), line("99901", 1, List.of())).body("findings.rule", hasItem("no-diagnosis-pointer"));
    }

    @Test
    void thePrincipalDiagnosisMustBeBillable() {
        scrub(List.of("E11", "I10"), line("99901", 1, List.of(2))).body("clean", equalTo(false))
                .body("findings[0].rule", equalTo("principal-not-billable"))
                .body("findings[0].codes[0]", equalTo("E11"));
        scrub(List.of("I10", "E11"), line("99901", 1, List.of(1))).body("findings.rule", hasItem("not-billable"))
                .body("findings.rule", not(hasItem("principal-not-billable")));
    }

    @Test
    void ncciPairsFollowTheirModifierIndicator() {
        // indicator 0: never together, a modifier doesn't help
        scrub(List.of("E119"), line("99901", 1, List.of(1)), line("99902", 1, List.of(1), "59"))
                .body("clean", equalTo(false)).body("findings[0].rule", equalTo("ncci-ptp"))
                .body("findings[0].message", containsString("with or without a modifier"));
        // indicator 1: refused without a distinct-service modifier, accepted with one
        scrub(List.of("E119"), line("99903", 1, List.of(1)), line("99904", 1, List.of(1)))
                .body("findings.rule", hasItem("ncci-ptp"));
        for (String modifier : new String[] {"59", "XE", "XS", "XP", "XU"}) {
            scrub(List.of("E119"), line("99903", 1, List.of(1)), line("99904", 1, List.of(1), modifier))
                    .body("clean", equalTo(true));
        }
        scrub(List.of("E119"), line("99903", 1, List.of(1)), line("99904", 1, List.of(1), "25"))
                .body("findings.rule", hasItem("ncci-ptp"));
        // a deleted edit and an indicator 9 do not apply
        scrub(List.of("E119"), line("99905", 1, List.of(1)), line("99906", 1, List.of(1)), line("99907", 1, List.of(1)))
                .body("findings.rule", not(hasItem("ncci-ptp")));
        // on different days the pair is fine
        Map<String, Object> later = line("99902", 1, List.of(1));
        later.put("dateOfService", "2022-06-16");
        scrub(List.of("E119"), line("99901", 1, List.of(1)), later).body("findings.rule", not(hasItem("ncci-ptp")));
    }

    @Test
    void mueUnitsAreCheckedPerLineOrPerDayByIndicator() {
        scrub(List.of("E119"), line("99907", 2, List.of(1))).body("clean", equalTo(true));
        scrub(List.of("E119"), line("99907", 3, List.of(1))).body("clean", equalTo(false))
                .body("findings[0].rule", equalTo("mue")).body("findings[0].message", containsString("per line"));
        // per day, policy: two lines of 2 exceed 3
        scrub(List.of("E119"), line("99908", 2, List.of(1)), line("99908", 1, List.of(1))).body("clean", equalTo(true));
        scrub(List.of("E119"), line("99908", 2, List.of(1)), line("99908", 2, List.of(1))).body("clean", equalTo(false))
                .body("findings.size()", equalTo(1)).body("findings[0].severity", equalTo("error"));
        // per day, clinical: a warning, the claim may still go
        scrub(List.of("E119"), line("99909", 2, List.of(1))).body("clean", equalTo(true))
                .body("findings[0].rule", equalTo("mue")).body("findings[0].severity", equalTo("warning"));
    }

    @Test
    void anAddOnCodeNeedsItsPrimary() {
        scrub(List.of("E119"), line("99906", 1, List.of(1))).body("clean", equalTo(false))
                .body("findings[0].rule", equalTo("add-on-without-primary"))
                .body("findings[0].message", containsString("99905"));
        scrub(List.of("E119"), line("99905", 1, List.of(1)), line("99906", 1, List.of(1))).body("clean", equalTo(true));
    }

    @Test
    void ageAndSexConflictsAreFound() {
        scrub(List.of("O80"), List.of(line("99901", 1, List.of(1))), Map.of("sex", "male", "age", 30))
                .body("clean", equalTo(false)).body("findings[0].rule", equalTo("sex-conflict"));
        scrub(List.of("O80"), List.of(line("99901", 1, List.of(1))), Map.of("sex", "female", "age", 30))
                .body("clean", equalTo(true));
        scrub(List.of("O80"), List.of(line("99901", 1, List.of(1))), Map.of("sex", "female", "age", 70))
                .body("clean", equalTo(true)).body("findings[0].rule", equalTo("age-conflict"));
        scrub(List.of("N40.0"), List.of(line("99901", 1, List.of(1))), Map.of("sex", "female", "birthDate", "1960-01-01"))
                .body("findings[0].rule", equalTo("sex-conflict"));
        scrub(List.of("P07.30"), List.of(line("99901", 1, List.of(1))), Map.of("sex", "male", "birthDate", "1980-05-05"))
                .body("findings[0].rule", equalTo("age-conflict")).body("findings[0].severity", equalTo("warning"));
        scrub(List.of("P07.30"), List.of(line("99901", 1, List.of(1))), Map.of("sex", "male", "birthDate", "2022-06-01"))
                .body("findings", empty());
    }

    @Test
    void codesInvalidOnTheDateOfServiceAreErrors() {
        scrub(List.of("E119"), line("99999", 1, List.of(1))).body("findings[0].rule", equalTo("unknown-code"));
        scrub(List.of("B37.31"), line("99901", 1, List.of(1))).body("findings[0].rule", equalTo("unknown-code"))
                .body("findings[0].message", containsString("FY2023"));
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON).body(Map.of("dateOfService", DOS))
                .when().post("/api/v1/claims/scrub").then().statusCode(400);
    }
}
