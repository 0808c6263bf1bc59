package org.frontdesk.reception.scheduling;

import io.restassured.http.ContentType;
import org.frontdesk.reception.patient.Patients;
import org.frontdesk.reception.security.Tokens;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** Test fixtures for scheduling: a location, a practitioner with hours, a visit type, a patient. */
public final class Scheduling {

    private Scheduling() {
    }

    /** POSTs a JSON body with a fresh Idempotency-Key; the id of what was created (201). */
    public static String post(String path, Object body, String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post(path).then().statusCode(201).extract().path("id");
    }

    public static String location(String zone) {
        return post("/api/v1/locations", Map.of("name", "Clinic " + UUID.randomUUID(), "timeZone", zone), Tokens.admin());
    }

    /** A 10-digit NPI with a valid check digit, random enough not to collide. */
    public static String npi() {
        while (true) {
            String base = "1" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
            for (int d = 0; d <= 9; d++) {
                if (Npi.isValid(base + d)) {
                    return base + d;
                }
            }
        }
    }

    public static String practitioner() {
        return post("/api/v1/practitioners", Map.of("npi", npi(), "family", "Welby", "given", "Marcus",
                "prefix", "Dr.", "taxonomyCode", "207Q00000X"), Tokens.admin());
    }

    public static String visitType(int minutes, int before, int after) {
        return post("/api/v1/visit-types", Map.of("code", "V" + UUID.randomUUID().toString().substring(0, 8),
                "name", minutes + " minute visit", "durationMinutes", minutes, "bufferBeforeMinutes", before,
                "bufferAfterMinutes", after), Tokens.admin());
    }

    /** Weekly hours on one ISO day of week, from now on. */
    public static void hours(String practitionerId, String locationId, int dayOfWeek, String start, String end) {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("locationId", locationId, "dayOfWeek", dayOfWeek, "startTime", start, "endTime", end,
                        "validFrom", "2026-01-01"))
                .when().post("/api/v1/practitioners/" + practitionerId + "/availability").then().statusCode(201);
    }

    /** The same hours every day of the week. */
    public static void everyDay(String practitionerId, String locationId, String start, String end) {
        for (int d = 1; d <= 7; d++) {
            hours(practitionerId, locationId, d, start, end);
        }
    }

    public static String patient() {
        return post("/api/v1/patients", Patients.aPatient().json(), Tokens.frontDesk());
    }

    public static Map<String, Object> booking(String patient, String practitioner, String location, String type,
                                              String start) {
        return Map.of("patientId", patient, "practitionerId", practitioner, "locationId", location,
                "visitTypeId", type, "start", start);
    }
}
