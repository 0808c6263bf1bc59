package org.frontdesk.reception.intake;

import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.frontdesk.reception.patient.Patients;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.DefaultTokens;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.PatientMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/**
 * Test fixtures for intake forms: a published form, a booked visit, a form sent for it, and the
 * messages asked for (heard as the reminders outbox hears them: the {@link PatientMessage} event),
 * from which a test reads the link's token as the patient would.
 */
@ApplicationScoped
public class IntakeFixtures {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final String URL = "https://frontdesk.example.org/fhir/Questionnaire/intake";
    private static final Map<UUID, PatientMessage> MESSAGES = new ConcurrentHashMap<>();

    void heard(@Observes PatientMessage m) {
        MESSAGES.put(m.subjectId(), m);
    }

    static PatientMessage message(String linkId) {
        return MESSAGES.get(UUID.fromString(linkId));
    }

    /** The token a link's message carries, as the patient's browser reads it from the fragment. */
    static String token(String linkId) {
        String text = message(linkId).text();
        return text.substring(text.indexOf("#t=") + 3);
    }

    static String resource(String name) {
        try (InputStream in = IntakeFixtures.class.getResourceAsStream("/fhir/intake/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the test form under a fresh version; its url|version. */
    static String publishForm() {
        String version = "t-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.admin()).contentType("application/fhir+json")
                .body(resource("intake-form.json").replace("VERSION", version))
                .when().post("/fhir/Questionnaire").then().statusCode(201);
        return URL + "|" + version;
    }

    record Visit(String location, String patient, String appointment, LocalDate day) {
    }

    /** A visit two days ahead, for a patient with a home address and a mobile phone on file. */
    static Visit visit() {
        String location = Scheduling.location(CHICAGO.getId());
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "07:00", "19:00");
        String type = Scheduling.visitType(20, 0, 0);
        Map<String, Object> body = new java.util.HashMap<>(Patients.aPatient().phone("+1 312 555 0100").json());
        body.put("addresses", List.of(Map.of("use", "home", "line", List.of("1 Old Road"), "city", "Chicago",
                "state", "IL", "postalCode", "60601")));
        String patient = Scheduling.post("/api/v1/patients", body, Tokens.frontDesk());
        LocalDate day = LocalDate.now(CHICAGO).plusDays(2);
        String start = ZonedDateTime.of(day, LocalTime.of(10, 0), CHICAGO).toInstant().toString();
        String appointment = Scheduling.post("/api/v1/appointments",
                Scheduling.booking(patient, practitioner, location, type, start), Tokens.frontDesk());
        return new Visit(location, patient, appointment, day);
    }

    /** Sends the form for the visit; the link's id. */
    static String send(String appointment, String questionnaire) {
        return given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("questionnaire", questionnaire))
                .when().post("/api/v1/appointments/" + appointment + "/intake-form")
                .then().statusCode(201).extract().path("id");
    }

    /** The patient's submission: no login, the token in its header. */
    static io.restassured.response.Response submit(String token, String response) {
        return given().header(DefaultTokens.ANONYMOUS, "1").header("X-Intake-Token", token)
                .contentType(ContentType.JSON).body(response).when().post("/api/v1/intake/response");
    }

    static List<Map<String, Object>> changes(String patient) {
        return given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/patients/" + patient + "/proposed-changes")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }
}
