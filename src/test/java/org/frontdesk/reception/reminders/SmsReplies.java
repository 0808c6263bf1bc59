package org.frontdesk.reception.reminders;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.Tokens;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;

/**
 * For tests of other features: a patient cancels a visit by answering its SMS reminder, the way
 * it really happens (the reminder planned and sent through the fake provider, the reply posted
 * signed by the provider). The patient must have SMS consent and a phone.
 */
public final class SmsReplies {

    private SmsReplies() {
    }

    public static void cancel(String appointmentId) {
        FakeMessaging.server().stubFor(post(urlEqualTo("/v1/messages"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"msg-" + UUID.randomUUID() + "\"}")));
        ReminderJobs jobs = Arc.container().instance(ReminderJobs.class).get();
        jobs.plan();
        Reminder r = QuarkusTransaction.requiringNew().call(() -> Reminder.<Reminder>find(
                "appointmentId = ?1 and channel = 'sms' and state = 'pending' order by dueAt", UUID.fromString(appointmentId)).firstResult());
        // everything due by then is sent (other tests' visits have reminders too), as the job would
        while (jobs.send(50, r.dueAt.plusSeconds(1)) == 50) {
            // a full batch: there may be more
        }
        Reminder sent = QuarkusTransaction.requiringNew().call(() -> Reminder.<Reminder>findById(r.id));
        if (!"sent".equals(sent.state)) {
            throw new IllegalStateException("the reminder was not sent: " + sent.state + " " + sent.skipReason + " "
                    + sent.lastError + " due " + sent.dueAt + " next " + sent.nextAttemptAt);
        }
        reply(gateway(), java.util.Map.of("reference", r.id.toString(), "from", sent.recipient, "text", "C"))
                .then().statusCode(201);
    }

    /** The messaging provider's token: the only caller that may post replies. */
    public static String gateway() {
        return Tokens.forClient("sms-gateway", Roles.MESSAGING);
    }

    /** A reply as the provider posts it, with {@code token}: JSON, signed with the shared webhook secret. */
    public static io.restassured.response.Response reply(String token, java.util.Map<String, Object> body) {
        String json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String signature = HexFormat.of().formatHex(org.frontdesk.reception.shared.Hmac.sha256("test-webhook-secret",
                json.getBytes(StandardCharsets.UTF_8)));
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("X-Reminder-Signature", "sha256=" + signature)
                .body(json).when().post("/api/v1/reminders/replies");
    }

    /** A patient with a mobile phone and an e-mail address, consenting (or not) to each channel. */
    public static String patient(boolean sms, boolean email) {
        java.util.Map<String, Object> body = new java.util.HashMap<>(org.frontdesk.reception.patient.Patients.aPatient()
                .phone("+1 312 555 0" + (100 + (int) (Math.random() * 899)))
                .email("p" + UUID.randomUUID().toString().substring(0, 6) + "@example.org").json());
        body.put("consent", java.util.Map.of("sms", sms, "email", email));
        return given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/patients").then().statusCode(201).extract().path("id");
    }
}
