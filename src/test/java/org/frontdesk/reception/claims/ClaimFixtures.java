package org.frontdesk.reception.claims;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.frontdesk.reception.coding.CodeSets;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Tokens;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Test fixtures for claims: the codes and fee of a claim, a finished visit at a payer, a claim of it. */
public final class ClaimFixtures {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private ClaimFixtures() {
    }

    /** A payer of its own, a patient with coverage there, and a visit of theirs that is finished. */
    public record Visit(String prefix, String payer, String patient, String appointment) {
        String path() {
            return "/" + prefix + "/Claim/$submit";
        }
    }

    /** An ICD-10-CM version and invented CPT codes for the visit's date (the real files are 2022-23), and a fee. */
    public static void codesAndFees() {
        StringBuilder icd = new StringBuilder();
        icd.append(CodeSets.icdOrderLine(1, "E11", false, "Type 2 diabetes mellitus"));
        icd.append(CodeSets.icdOrderLine(2, "E119", true, "Type 2 diabetes mellitus without complications"));
        icd.append(CodeSets.icdOrderLine(3, "I10", true, "Essential (primary) hypertension"));
        CodeSets.ensure("icd10cm-order", "FY2027-CLAIMS-TEST", CodeSets.write("icd-claims.txt", icd.toString()),
                "validFrom", "2026-01-01", "validTo", "2027-12-31");
        CodeSets.ensure("cpt", "CPT-CLAIMS-TEST", CodeSets.write("cpt-claims.txt",
                        "99971\tInvented office visit\n99972\tInvented procedure\n"),
                "validFrom", "2026-01-01", "validTo", "2027-12-31");
        given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .body(Map.of("charge", "120.00", "effectiveFrom", "2026-01-01"))
                .when().put("/api/v1/fee-schedule/99971").then().statusCode(200);
    }

    /** A finished visit of a new patient covered (primary) by a new payer made of {@code payerBody}. */
    public static Visit visit(String prefix, Map<String, Object> payerBody) {
        String payer = Coverages.payer(payerBody);
        String patient = Coverages.patient();
        Coverages.added(patient, Coverages.coverage(payer, "MEM-" + prefix, "primary"));
        String location = Scheduling.location("America/New_York");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "08:00", "18:00");
        String type = Scheduling.visitType(15, 0, 0);
        LocalDate day = LocalDate.now(NEW_YORK).plusDays(3);
        String start = ZonedDateTime.of(day, LocalTime.of(8, 0).plusMinutes(15L * new java.util.Random().nextInt(30)),
                NEW_YORK).toInstant().toString();
        String appointment = given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(patient, practitioner, location, type, start))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().path("id");
        for (String step : new String[] {"arrive", "check-in", "check-out"}) {
            given().auth().oauth2(Tokens.frontDesk()).when().post("/api/v1/appointments/" + appointment + "/" + step)
                    .then().statusCode(200);
        }
        return new Visit(prefix, payer, patient, appointment);
    }

    /** A draft claim of the visit: E11.9 and I10, one 99971 line at 120.00. */
    public static String claim(Visit v) {
        Map<String, Object> line = new HashMap<>();
        line.put("code", "99971");
        line.put("units", 1);
        line.put("diagnosisPointers", List.of(1, 2));
        return given().auth().oauth2(Tokens.billing()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("appointmentId", v.appointment(), "diagnoses", List.of("E11.9", "I10"), "lines", List.of(line)))
                .when().post("/api/v1/claims").then().statusCode(201)
                .body("status", equalTo("draft")).body("totalCharge", equalTo(120.0f))
                .extract().path("id");
    }

    public static void submit(String claim) {
        given().auth().oauth2(Tokens.billing()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/claims/" + claim + "/submit").then().statusCode(202)
                .body("status", equalTo("queued"));
    }

    public static ValidatableResponse read(String claim) {
        return given().auth().oauth2(Tokens.billing()).when().get("/api/v1/claims/" + claim).then().statusCode(200);
    }
}
