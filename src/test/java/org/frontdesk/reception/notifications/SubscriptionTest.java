package org.frontdesk.reception.notifications;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.frontdesk.reception.patient.Patients;
import org.frontdesk.reception.reminders.SmsReplies;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.LeasedWorker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FHIR topic-based subscriptions end to end, against a fake EHR that is a real HTTP server: the
 * handshake, notifications in order with consecutive numbers (a booking, a cancellation by SMS
 * reply, an arrival), filters, full-resource payloads signed with HMAC, a deliverer dying
 * mid-flight, an endpoint down for a while (error, then back), $status, and bad input.
 */
@QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(org.frontdesk.reception.reminders.FakeMessaging.class)
class SubscriptionTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Inject NotificationDelivery delivery;
    @Inject LeasedWorker worker;
    @Inject NotificationSender sender;

    record Place(String location, String practitioner, String type) {
    }

    @BeforeEach
    void ehrAccepts() {
        Ehr.server().stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        sender.reset();
    }

    private static Place place() {
        String location = Scheduling.location(CHICAGO.getId());
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "07:00", "19:00");
        return new Place(location, practitioner, Scheduling.visitType(20, 0, 0));
    }

    private static String smsPatient() {
        Map<String, Object> body = new HashMap<>(Patients.aPatient().phone("+1 312 555 0" + (100 + (int) (Math.random() * 899)))
                .json());
        body.put("consent", Map.of("sms", true, "email", false));
        return Scheduling.post("/api/v1/patients", body, Tokens.frontDesk());
    }

    private static String book(Place p, String patient, int hour) {
        String start = ZonedDateTime.of(LocalDate.now(CHICAGO).plusDays(2), LocalTime.of(hour, 0), CHICAGO).toInstant()
                .toString();
        return Scheduling.post("/api/v1/appointments", Scheduling.booking(patient, p.practitioner(), p.location(),
                p.type(), start), Tokens.frontDesk());
    }

    private static void arrive(String appointment) {
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/appointments/" + appointment + "/arrive").then().statusCode(200);
    }

    private static String activeSubscription(String path, String topic, List<String> filters, String content,
                                             Map<String, Object> extras) {
        String id = Ehr.subscribe(Ehr.subscription(topic, filters, Ehr.endpoint(path), content, extras));
        Ehr.await("the handshake", () -> "active".equals(Ehr.status(Tokens.ehr(), id)));
        List<Ehr.Notification> got = Ehr.got(path, id);
        assertEquals("handshake", got.get(0).type());
        assertEquals("requested", got.get(0).status());
        assertEquals("0", got.get(0).eventsSince());
        return id;
    }

    /** An active subscription to bookings at a place, posting to its own path (answered 200 until a test says otherwise). */
    private static String bookings(String path, Place here, String content, Map<String, Object> extras) {
        Ehr.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        return activeSubscription(path, "appointment-booked", List.of("Appointment?location=Location/"
                + here.location()), content, extras);
    }

    @Test
    void aBookingACancellationBySmsAndAnArrivalArriveInOrderWithConsecutiveNumbers() {
        Place here = place();
        Place elsewhere = place();
        String cancelled = book(here, smsPatient(), 11);
        String arriving = book(here, Scheduling.patient(), 12);
        String path = "/hook";
        String sub = activeSubscription(path, "appointment-changed", List.of("Appointment?location=Location/"
                + here.location()), "id-only", Map.of());
        String other = activeSubscription(path, "appointment-changed", List.of("Appointment?location=Location/"
                + elsewhere.location()), "id-only", Map.of());

        String bookedPatient = Scheduling.patient();
        String booked = book(here, bookedPatient, 13);
        SmsReplies.cancel(cancelled);
        arrive(arriving);

        Ehr.await("three events", () -> Ehr.events(path, sub).stream().mapToLong(n -> n.numbers().size()).sum() >= 3);
        List<Ehr.Notification> events = Ehr.events(path, sub);
        List<Long> numbers = events.stream().flatMap(n -> n.numbers().stream()).toList();
        List<String> focus = events.stream().flatMap(n -> n.focus().stream()).toList();
        assertEquals(List.of(1L, 2L, 3L), numbers);
        assertEquals(List.of("Appointment/" + booked, "Appointment/" + cancelled, "Appointment/" + arriving), focus);
        assertEquals("3", events.get(events.size() - 1).eventsSince());
        assertEquals("active", events.get(0).status());
        assertTrue(events.get(0).request().getHeader("Content-Type").startsWith("application/fhir+json"));
        assertEquals("history", events.get(0).bundle().path("type").asText());
        // id-only: the focus is named, not sent
        assertTrue(events.get(0).bundle().path("entry").get(1).path("resource").isMissingNode());
        // the subscription at the other location heard nothing but its handshake
        assertTrue(Ehr.events(path, other).isEmpty());

        // $status, on the instance and on the type
        given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json").when()
                .get("/fhir/Subscription/" + sub + "/$status").then().statusCode(200)
                .body("type", equalTo("searchset"))
                .body("entry[0].resource.parameter.find { it.name == 'events-since-subscription-start' }.valueString",
                        equalTo("3"))
                .body("entry[0].resource.parameter.find { it.name == 'type' }.valueCode", equalTo("query-status"))
                .body("entry[0].resource.parameter.find { it.name == 'status' }.valueCode", equalTo("active"));
        given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json").queryParam("id", sub + "," + other)
                .when().get("/fhir/Subscription/$status").then().statusCode(200).body("total", equalTo(2));
        // every delivery is audited, with the patient it was about
        given().auth().oauth2(Tokens.admin()).queryParam("agent", "notifications").queryParam("patient", bookedPatient)
                .when().get("/api/v1/audit").then().statusCode(200)
                .body("items.resourceId", hasItem(sub))
                .body("items.path", hasItem(Ehr.endpoint(path)));
    }

    @Test
    void aFullResourceNotificationCarriesTheResourceAndIsSignedWithTheSubscriptionsSecret() throws Exception {
        Place here = place();
        String secret = "s3cret-" + UUID.randomUUID();
        String path = "/signed";
        String sub = bookings(path, here, "full-resource", Ehr.extras(
                "extension", List.of(Map.of("url", "http://frontdesk.example.org/fhir/StructureDefinition/subscription-signing-secret",
                        "valueString", secret)),
                "header", List.of("Authorization: Bearer ehr-token-1")));
        Ehr.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202))); // any 2xx is delivered
        String patient = Scheduling.patient();
        String booked = book(here, patient, 9);
        Ehr.await("the booking", () -> !Ehr.events(path, sub).isEmpty());
        Ehr.Notification n = Ehr.events(path, sub).get(0);
        var entry = n.bundle().path("entry").get(1);
        assertEquals("Appointment", entry.path("resource").path("resourceType").asText());
        assertEquals(booked, entry.path("resource").path("id").asText());
        assertEquals("POST", entry.path("request").path("method").asText());
        assertEquals("Bearer ehr-token-1", n.request().getHeader("Authorization"));
        String expected = "sha256=" + HexFormat.of().formatHex(org.frontdesk.reception.shared.Hmac.sha256(secret,
                n.request().getBodyAsString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, n.request().getHeader(NotificationSender.SIGNATURE));
        // the secret is never shown; headers are shown masked
        String read = given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json").when()
                .get("/fhir/Subscription/" + sub).then().statusCode(200)
                .body("channel.header[0]", equalTo("Authorization: ****")).extract().asString();
        assertFalse(read.contains(secret));
        assertFalse(read.contains("ehr-token-1"));
    }

    @Test
    void aDelivererThatDiesMidFlightLosesNothingAndTheEventKeepsItsNumber() {
        Place here = place();
        String path = "/hook";
        String sub = bookings(path, here, "id-only", Map.of());
        // an instance takes the subscription's delivery under its lease, and dies before recording anything
        QuarkusTransaction.requiringNew().run(() -> Subscription.update(
                "nextAttemptAt = ?1 where id = ?2", java.time.Instant.now(), UUID.fromString(sub)));
        LeasedWorker.Taken taken = worker.take(delivery.queue(), 100, java.time.Instant.now().plusSeconds(1));
        assertTrue(taken.ids().contains(UUID.fromString(sub)));
        String first = book(here, Scheduling.patient(), 9);
        // nothing is sent while the dead taker's lease lasts; then another taker delivers it, numbered 1
        Ehr.await("the event after the lease ends", () -> !Ehr.events(path, sub).isEmpty());
        String second = book(here, Scheduling.patient(), 10);
        Ehr.await("the second event", () -> Ehr.events(path, sub).stream().mapToLong(n -> n.numbers().size()).sum() >= 2);
        List<Ehr.Notification> events = Ehr.events(path, sub);
        assertEquals(List.of(1L, 2L), events.stream().flatMap(n -> n.numbers().stream()).toList());
        assertEquals(List.of("Appointment/" + first, "Appointment/" + second),
                events.stream().flatMap(n -> n.focus().stream()).toList());

        // a receiver too slow to answer in time gets the same event again, under the same number
        String slow = "/slow";
        Ehr.server().stubFor(post(urlPathEqualTo(slow)).willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
        String sub2 = activeSubscriptionSlowHandshake(slow, here);
        String third = book(here, Scheduling.patient(), 11);
        Ehr.await("a resend", () -> Ehr.events(slow, sub2).size() >= 2);
        Ehr.server().stubFor(post(urlPathEqualTo(slow)).willReturn(aResponse().withStatus(200)));
        List<Ehr.Notification> again = Ehr.events(slow, sub2);
        assertEquals(again.get(0).numbers(), again.get(1).numbers());
        assertEquals(List.of("Appointment/" + third), again.get(1).focus());
    }

    /** A subscription with a 1 s timeout whose endpoint answers only after 1.5 s (its handshake is let through first). */
    private String activeSubscriptionSlowHandshake(String path, Place here) {
        String id = bookings(path, here, "id-only", Ehr.extras("extension", List.of(Map.of("url", Ehr.IG + "backport-timeout",
                "valueUnsignedInt", 1))));
        Ehr.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
        return id;
    }

    @Test
    void anEndpointDownTurnsTheSubscriptionToErrorAndItComesBackWithNothingLost() {
        Place here = place();
        String path = "/down";
        String sub = bookings(path, here, "id-only", Map.of());
        Ehr.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(503)));
        String first = book(here, Scheduling.patient(), 9);
        Ehr.await("the error status", () -> "error".equals(Ehr.status(Tokens.ehr(), sub)));
        given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json").when()
                .get("/fhir/Subscription/" + sub + "/$status").then().statusCode(200)
                .body("entry[0].resource.parameter.find { it.name == 'status' }.valueCode", equalTo("error"))
                .body("entry[0].resource.parameter.find { it.name == 'error' }.valueCodeableConcept.text",
                        containsString("HTTP 503"))
                .body("entry[0].resource.parameter.find { it.name == 'events-since-subscription-start' }.valueString",
                        equalTo("1"));
        given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json").when().get("/fhir/Subscription/" + sub)
                .then().body("error", containsString("3 failed deliveries"));
        // while in error, events are still counted and kept
        String second = book(here, Scheduling.patient(), 10);
        Ehr.await("the second event counted", () -> QuarkusTransaction.requiringNew().call(() ->
                Subscription.<Subscription>findById(UUID.fromString(sub)).eventsCount) == 2);

        // the endpoint is back; the EHR asks for its subscription again: handshake, then the backlog in order
        Ehr.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        var current = given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json").when()
                .get("/fhir/Subscription/" + sub).then().statusCode(200).extract();
        String body = current.asString().replaceFirst("\"status\"\\s*:\\s*\"error\"", "\"status\":\"requested\"");
        given().auth().oauth2(Tokens.ehr()).contentType("application/fhir+json").header("If-Match", current.header("ETag"))
                .body(body).when().put("/fhir/Subscription/" + sub).then().statusCode(200);
        Ehr.await("active again", () -> "active".equals(Ehr.status(Tokens.ehr(), sub)));
        Ehr.await("the backlog", () -> Ehr.events(path, sub).stream().anyMatch(n -> n.numbers().contains(2L)));
        List<Ehr.Notification> delivered = Ehr.events(path, sub);
        Ehr.Notification last = delivered.get(delivered.size() - 1);
        assertEquals(List.of(1L, 2L), last.numbers(), "the backlog comes in one notification, in order");
        assertEquals(List.of("Appointment/" + first, "Appointment/" + second), last.focus());
    }

    @Test
    void heartbeatsComeWhenNothingHappens() {
        Place here = place();
        String path = "/heartbeat";
        String sub = bookings(path, here, "empty", Ehr.extras("extension", List.of(Map.of("url", Ehr.IG + "backport-heartbeat-period",
                "valueUnsignedInt", 1))));
        Ehr.await("a heartbeat", () -> Ehr.got(path, sub).stream().anyMatch(n -> "heartbeat".equals(n.type())));
        Ehr.Notification beat = Ehr.got(path, sub).stream().filter(n -> "heartbeat".equals(n.type())).findFirst().get();
        assertEquals("0", beat.eventsSince());
        assertTrue(beat.numbers().isEmpty());
        // an empty notification names no focus and no topic
        book(here, Scheduling.patient(), 9);
        Ehr.await("the event", () -> !Ehr.events(path, sub).isEmpty());
        Ehr.Notification e = Ehr.events(path, sub).get(0);
        assertEquals(List.of(1L), e.numbers());
        assertTrue(e.focus().isEmpty());
        assertEquals(1, e.bundle().path("entry").size());
    }

    @Test
    void aClientSeesOnlyItsOwnSubscriptions() {
        Place here = place();
        String sub = bookings("/hook", here, "id-only", Map.of());
        String other = Tokens.of(org.frontdesk.reception.security.Roles.EHR_SYSTEM, "other-ehr", Tokens.ALL_SCOPES);
        given().auth().oauth2(other).when().get("/fhir/Subscription/" + sub).then().statusCode(404);
        given().auth().oauth2(other).when().get("/fhir/Subscription").then().statusCode(200)
                .body("total", equalTo(0));
        given().auth().oauth2(Tokens.ehr()).queryParam("url", Ehr.endpoint("/hook")).when().get("/fhir/Subscription")
                .then().statusCode(200).body("entry.resource.id", hasItem(sub));
        given().auth().oauth2(other).when().delete("/fhir/Subscription/" + sub).then().statusCode(404);
        given().auth().oauth2(Tokens.ehr()).when().delete("/fhir/Subscription/" + sub).then().statusCode(204);
        given().auth().oauth2(Tokens.ehr()).when().get("/fhir/Subscription/" + sub).then().statusCode(404);
    }

    @Test
    void badSubscriptionsAreRefusedWithAnOperationOutcome() {
        Place here = place();
        String hook = Ehr.endpoint("/hook");
        String filter = "Appointment?location=Location/" + here.location();
        // an unknown topic
        refused(Tokens.ehr(), Ehr.subscription("http://example.org/topics/nope", List.of(), hook, "id-only", Map.of()),
                400, "Subscription.criteria", "not a topic");
        // a filter the topic lacks
        refused(Tokens.ehr(), Ehr.subscription("patient-registered", List.of("Patient?location=Location/" + here.location()),
                hook, "id-only", Map.of()), 400, "Subscription.criteria", "has no filter 'location'");
        refused(Tokens.ehr(), Ehr.subscription("appointment-booked", List.of("Patient?patient=Patient/x"), hook, "id-only",
                Map.of()), 400, "Subscription.criteria", "are on Appointment");
        // a non-https endpoint, and one resolving to loopback or a private network
        refused(Tokens.ehr(), Ehr.subscription("appointment-booked", List.of(filter), "http://ehr.example.org/hook",
                "id-only", Map.of()), 400, "Subscription.channel.endpoint", "https");
        refused(Tokens.ehr(), Ehr.subscription("appointment-booked", List.of(filter), "https://127.0.0.1:8443/hook",
                "id-only", Map.of()), 400, "Subscription.channel.endpoint", "local or private");
        refused(Tokens.ehr(), Ehr.subscription("appointment-booked", List.of(filter), "https://10.1.2.3/hook",
                "id-only", Map.of()), 400, "Subscription.channel.endpoint", "local or private");
        // a missing scope: none for Subscription, or none to read what the topic sends
        refused(Tokens.ehr("system/Appointment.rs"), Ehr.subscription("appointment-booked", List.of(filter), hook,
                "id-only", Map.of()), 403, null, null);
        refused(Tokens.ehr("system/Subscription.cruds system/Appointment.rs"), Ehr.subscription("patient-registered",
                List.of(), hook, "full-resource", Map.of()), 403, null, "system/Patient.rs");
        // headers we set, a header with a line break, timings out of bounds, another channel type
        refused(Tokens.ehr(), Ehr.subscription("appointment-booked", List.of(filter), hook, "id-only",
                Ehr.extras("header", List.of("Host: evil.example.org"))), 400, "Subscription.channel", "set by the server");
        refused(Tokens.ehr(), Ehr.subscription("appointment-booked", List.of(filter), hook, "id-only",
                Ehr.extras("header", List.of("X-A: 1\r\nX-B: 2"))), 400, "Subscription.channel", "control characters");
        refused(Tokens.ehr(), Ehr.subscription("appointment-booked", List.of(filter), hook, "id-only",
                Ehr.extras("header", List.of("X-A: caf\u00e9 \u4e2d"))), 400, "Subscription.channel", "printable ASCII");
        // $status with a parameter that is not a simple value
        given().auth().oauth2(Tokens.ehr()).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"id\",\"valueReference\":"
                        + "{\"reference\":\"Subscription/1\"}}]}")
                .when().post("/fhir/Subscription/$status").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        refused(Tokens.ehr(), Ehr.subscription("appointment-booked", List.of(filter), hook, "id-only",
                Ehr.extras("extension", List.of(Map.of("url", Ehr.IG + "backport-timeout", "valueUnsignedInt", 3600)))),
                400, "Subscription.channel", "timeout");
        Map<String, Object> websocket = Ehr.subscription("appointment-booked", List.of(filter), hook, "id-only", Map.of());
        ((Map<String, Object>) websocket.get("channel")).put("type", "websocket");
        refused(Tokens.ehr(), websocket, 400, "Subscription.channel.type", "rest-hook");
        refused(Tokens.ehr(), Ehr.subscription("appointment-changed", List.of("Appointment?status=dancing"), hook,
                "id-only", Map.of()), 400, "Subscription.criteria", "status must be one of");
        refused(Tokens.ehr(), Ehr.subscription("appointment-booked", List.of("Appointment?practitioner=Practitioner/1"),
                hook, "id-only", Map.of()), 400, "Subscription.criteria", "Practitioner/<id>");
    }

    private static void refused(String token, Map<String, Object> body, int status, String expression, String text) {
        var r = Ehr.create(token, body).then().statusCode(status).contentType(containsString("fhir+json"))
                .body("resourceType", equalTo("OperationOutcome"));
        if (expression != null) {
            r.body("issue.expression.flatten()", hasItem(containsString(expression)));
        }
        if (text != null) {
            r.body(containsString(text));
        }
    }

    @Test
    void theCapabilityStatementListsTheTopicsAndStatus() {
        var subscription = given().when().get("/fhir/metadata").then().statusCode(200).extract().jsonPath()
                .getMap("rest[0].resource.find { it.type == 'Subscription' }");
        assertNotNull(subscription);
        assertTrue(subscription.toString().contains(Ehr.TOPICS + "appointment-booked"));
        assertTrue(subscription.toString().contains("backport-subscription-status"));
        assertNull(given().when().get("/fhir/metadata").then().extract().jsonPath()
                .get("rest[0].resource.find { it.type == 'Subscription' }.operation[1]"), "one $status entry");
    }
}
