package org.frontdesk.reception.reminders;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.frontdesk.reception.reminders.SmsReplies.patient;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The waitlist, finished: a freed time is offered to the first matching entry and the patient is
 * told by message (with consent, outside quiet hours, its text erased once sent); the offer that
 * lapses or is declined (reply NO, or the desk) passes to the next entry and never back; a reply
 * YES books it; the desk sees the waitlist with each offer.
 */
@QuarkusTest
@QuarkusTestResource(FakeMessaging.class)
class WaitlistOfferTest {

    @Inject
    ReminderJobs jobs;
    @Inject
    AppointmentService appointments;
    @Inject
    EntityManager em;

    /** A zone where it is about noon now, so an offer made now is told at once (quiet hours are 21:00-08:00). */
    private static final ZoneId NOON = noonZone();

    private static ZoneId noonZone() {
        int offset = 12 - Instant.now().atZone(ZoneOffset.UTC).getHour();
        return ZoneId.of(offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset));
    }

    @BeforeEach
    void providerAccepts() {
        FakeMessaging.server().resetAll();
        FakeMessaging.server().stubFor(post(urlEqualTo("/v1/messages"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"msg-{{request.headers.Idempotency-Key}}\"}")
                        .withTransformers("response-template")));
    }

    record Clinic(String location, String practitioner, String type, String booked, Instant start) {
    }

    /** A clinic with one visit booked a week ahead at 10:30 (location time), to be cancelled. */
    private static Clinic clinic() {
        return clinic(NOON, LocalDate.now(NOON).plusDays(7).atTime(10, 30));
    }

    /** A clinic (hours 07:00-19:00 every day) in a zone with one visit booked at a local time, to be cancelled. */
    private static Clinic clinic(ZoneId zone, java.time.LocalDateTime at) {
        String location = Scheduling.location(zone.getId());
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "07:00", "19:00");
        String type = Scheduling.visitType(30, 0, 0);
        Instant start = at.atZone(zone).toInstant();
        String booked = Scheduling.post("/api/v1/appointments", Scheduling.booking(Scheduling.patient(), practitioner,
                location, type, start.toString()), Tokens.frontDesk());
        return new Clinic(location, practitioner, type, booked, start);
    }

    /** Puts a patient on the clinic's waitlist for the day of the booked visit; the entry's id. */
    private static String waitFor(Clinic c, String patient) {
        return waitFor(c, patient, NOON);
    }

    private static String waitFor(Clinic c, String patient, ZoneId zone) {
        LocalDate day = c.start().atZone(zone).toLocalDate();
        return Scheduling.post("/api/v1/waitlist", Map.of("patientId", patient, "practitionerId", c.practitioner(),
                "locationId", c.location(), "visitTypeId", c.type(),
                "earliest", ZonedDateTime.of(day, LocalTime.of(7, 0), zone).toInstant().toString(),
                "latest", ZonedDateTime.of(day, LocalTime.of(12, 0), zone).toInstant().toString()), Tokens.frontDesk());
    }

    private static void cancel(String appointment) {
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("reason", "patient travelling"))
                .when().post("/api/v1/appointments/" + appointment + "/cancel").then().statusCode(200);
    }

    /** The offers made to a waitlist entry: id, status, cancellation reason, hold expiry. */
    @SuppressWarnings("unchecked")
    private List<Object[]> offers(String entry) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        select id, status, cancellation_reason, hold_expires_at from appointment
                        where offered_from = ?1 order by created_at""")
                .setParameter(1, UUID.fromString(entry)).getResultList());
    }

    private UUID openOffer(String entry) {
        List<Object[]> open = offers(entry).stream().filter(o -> "pending".equals(o[1])).toList();
        assertEquals(1, open.size(), "one open offer for entry " + entry);
        return (UUID) open.get(0)[0];
    }

    private PatientMessageRow message(UUID offer) {
        return QuarkusTransaction.requiringNew().call(() -> PatientMessageRow.<PatientMessageRow>find(
                "subjectId = ?1 order by createdAt desc", offer).firstResult());
    }

    private String status(String appointment) {
        return QuarkusTransaction.requiringNew().call(() -> appointments.get(UUID.fromString(appointment)).status);
    }

    private static io.restassured.response.Response reply(Map<String, Object> body) {
        return SmsReplies.reply(SmsReplies.gateway(), body);
    }

    @Test
    void anOfferThatLapsesPassesToTheSecondEntryAndNeverBack() throws InterruptedException {
        Clinic c = clinic();
        String first = waitFor(c, patient(true, false));
        String second = waitFor(c, patient(true, false));
        cancel(c.booked());

        UUID offer = openOffer(first);
        assertTrue(offers(second).isEmpty(), "the second entry waits its turn");
        PatientMessageRow told = message(offer);
        assertEquals(AppointmentService.WAITLIST_OFFER, told.purpose);
        assertEquals("pending", told.state);
        Instant expires = ((Instant) offers(first).get(0)[3]);
        assertEquals(expires, told.notAfter, "the message is pointless once the offer lapses");
        assertTrue(told.text.contains("Reply YES to book or NO to decline"), told.text);

        Sql.run(em, "update appointment set hold_expires_at = now() - interval '1 minute' where id = ?1", offer);
        while (appointments.expireHolds(100) == 100) {
            // drain
        }
        assertEquals(List.of("cancelled", "offer lapsed"), List.of(offers(first).get(0)[1], offers(first).get(0)[2]));
        UUID passed = openOffer(second);
        assertNotEquals(offer, passed);
        assertEquals("waitlist", status(first), "the first entry still waits for another time");
        assertEquals("pending", message(passed).state);
        assertEquals("skipped", sendAndRead(offer).state, "the lapsed offer's message is not sent");

        // the second lets it lapse too: the list has no one left who has not had it
        Sql.run(em, "update appointment set hold_expires_at = now() - interval '1 minute' where id = ?1", passed);
        while (appointments.expireHolds(100) == 100) {
            // drain
        }
        assertEquals(1, offers(first).size(), "never offered back to the entry that let it lapse");
        assertEquals(1, offers(second).size());
        // and the database holds to it whatever the code does
        UUID entry = UUID.fromString(first);
        RuntimeException refused = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        insert into appointment (id, patient_id, practitioner_id, location_id, visit_type_id, status,
                            starts_at, ends_at, busy_start, busy_end, cancellation_reason, offered_from,
                            created_at, updated_at, created_by, updated_by)
                        select ?1, patient_id, ?2, location_id, visit_type_id, 'cancelled', ?3, ?4, ?3, ?4, 'again',
                            id, now(), now(), 'test', 'test' from appointment where id = ?5""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, UUID.fromString(c.practitioner()))
                .setParameter(3, c.start()).setParameter(4, c.start().plus(30, ChronoUnit.MINUTES))
                .setParameter(5, entry).executeUpdate()));
        StringBuilder why = new StringBuilder();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            why.append(t.getMessage()).append(' ');
        }
        assertTrue(why.toString().contains("appointment_offered_once"), why.toString());
    }

    /** Sends every patient message due at {@code at}, as the job would (other tests' visits leave messages too). */
    private void sendAll(Instant at) {
        while (jobs.sendMessages(50, at) == 50) {
            // a full batch: there may be more
        }
    }

    /** Runs the sender now until the offer's message leaves the queue (the app's own job may hold it a moment). */
    private PatientMessageRow sendAndRead(UUID offer) throws InterruptedException {
        UUID id = message(offer).id;
        PatientMessageRow m = null;
        for (int i = 0; i < 100 && (m == null || "pending".equals(m.state)); i++) {
            if (m != null) {
                Thread.sleep(100);
            }
            sendAll(Instant.now());
            m = QuarkusTransaction.requiringNew().call(() -> PatientMessageRow.<PatientMessageRow>findById(id));
        }
        return m;
    }

    @Test
    void theMessageGoesByConsentOutsideQuietHoursAndItsTextIsErasedOnceSent() throws InterruptedException {
        Clinic c = clinic();
        String noConsent = waitFor(c, patient(false, false));
        cancel(c.booked());
        UUID offer = openOffer(noConsent);
        PatientMessageRow skipped = sendAndRead(offer);
        assertEquals("skipped", skipped.state);
        assertTrue(skipped.skipReason.contains("not consented to sms") && skipped.skipReason.contains("email"),
                skipped.skipReason);
        assertNull(skipped.text, "given up: the text is erased too");

        // e-mail only: the first channel consented to
        Clinic d = clinic();
        String emailOnly = waitFor(d, patient(false, true));
        cancel(d.booked());
        UUID offer2 = openOffer(emailOnly);
        PatientMessageRow m = message(offer2);
        // in the quiet hours (22:00 location time) it waits for their end, untried
        Instant night = ZonedDateTime.of(LocalDate.now(NOON), LocalTime.of(22, 0), NOON).toInstant();
        Instant morning = ZonedDateTime.of(LocalDate.now(NOON).plusDays(1), LocalTime.of(8, 0), NOON).toInstant();
        Sql.run(em, "update patient_message set not_after = ?2 where id = ?1", m.id, morning.plus(1, ChronoUnit.HOURS));
        sendAll(night);
        PatientMessageRow waiting = QuarkusTransaction.requiringNew().call(() -> PatientMessageRow.findById(m.id));
        assertEquals("pending", waiting.state);
        assertEquals(morning, waiting.nextAttemptAt);
        assertEquals(0, waiting.attempts);
        FakeMessaging.server().verify(0, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Idempotency-Key", WireMock.equalTo(m.id.toString())));

        sendAll(morning);
        PatientMessageRow sent = QuarkusTransaction.requiringNew().call(() -> PatientMessageRow.findById(m.id));
        assertEquals("sent", sent.state);
        assertEquals("email", sent.channel);
        assertEquals(morning, sent.sentAt);
        assertTrue(sent.recipient.endsWith("@example.org"), sent.recipient);
        assertNull(sent.text, "the text (it may hold a link) is erased once sent");
        assertNull(sent.subject);
        assertEquals(AppointmentService.WAITLIST_OFFER, sent.purpose);
        List<LoggedRequest> posted = FakeMessaging.server().findAll(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Idempotency-Key", WireMock.equalTo(m.id.toString())));
        assertEquals(1, posted.size());
        String body = posted.get(0).getBodyAsString();
        assertTrue(body.contains("Front Desk Practice") && body.contains("Reply YES to book or NO to decline")
                && body.contains("at 10:30"), body);

        // quiet hours that last past the offer: given up, never sent late
        Clinic e = clinic();
        String late = waitFor(e, patient(true, false));
        cancel(e.booked());
        PatientMessageRow m3 = message(openOffer(late));
        Sql.run(em, "update patient_message set not_after = ?2 where id = ?1", m3.id, night.plus(1, ChronoUnit.HOURS));
        sendAll(night);
        PatientMessageRow lapsed = QuarkusTransaction.requiringNew().call(() -> PatientMessageRow.findById(m3.id));
        assertEquals("skipped", lapsed.state);
        assertTrue(lapsed.skipReason.contains("quiet hours"), lapsed.skipReason);
        FakeMessaging.server().verify(0, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Idempotency-Key", WireMock.equalTo(m3.id.toString())));
    }

    @Test
    void aReplyNoDeclinesAndPassesItOnAndTheDeskCanDeclineToo() throws InterruptedException {
        Clinic c = clinic();
        String firstPatient = patient(true, false);
        String first = waitFor(c, firstPatient);
        String second = waitFor(c, patient(true, false));
        String third = waitFor(c, patient(true, false));
        cancel(c.booked());
        UUID offer = openOffer(first);
        PatientMessageRow sent = sendAndRead(offer);
        assertEquals("sent", sent.state);

        // only the recipient can answer
        reply(Map.of("reference", sent.id.toString(), "from", "+1 999 555 0000", "text", "NO")).then().statusCode(422);
        assertEquals("pending", offers(first).get(0)[1]);

        reply(Map.of("providerMessageId", sent.providerMessageId, "from", sent.recipient, "text", "no"))
                .then().statusCode(201).body("action", equalTo("decline")).body("patientMessageId", equalTo(sent.id.toString()))
                .body("appointmentId", equalTo(offer.toString()))
                .body("outcome", equalTo("offer declined; the time passes to the next on the waitlist"));
        assertEquals(List.of("cancelled", "declined by the patient's reply"),
                List.of(offers(first).get(0)[1], offers(first).get(0)[2]));
        UUID passed = openOffer(second);
        assertEquals("waitlist", status(first));

        // a second answer finds the offer gone and does nothing, but is kept
        reply(Map.of("reference", sent.id.toString(), "from", sent.recipient, "text", "YES"))
                .then().statusCode(201).body("action", equalTo("book"))
                .body("outcome", equalTo("nothing done: the offer is no longer open"));
        List<?> kept = QuarkusTransaction.requiringNew().call(() -> ReminderReply.list("patientMessageId", sent.id));
        assertEquals(2, kept.size(), "every reply is kept with what it did");

        // the desk declines the second's offer for them: it passes to the third, not back to the first
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of())
                .when().post("/api/v1/appointments/" + passed + "/decline-offer")
                .then().statusCode(200).body("status", equalTo("cancelled"));
        openOffer(third);
        assertEquals(1, offers(first).size());
        // declining what is not an open offer is a 409
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of())
                .when().post("/api/v1/appointments/" + passed + "/decline-offer").then().statusCode(409);
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of())
                .when().post("/api/v1/appointments/" + c.booked() + "/decline-offer").then().statusCode(409);
    }

    @Test
    void aReplyYesBooksTheOfferedTime() throws InterruptedException {
        Clinic c = clinic();
        String patient = patient(true, false);
        String entry = waitFor(c, patient);
        String second = waitFor(c, patient(true, false));
        cancel(c.booked());
        UUID offer = openOffer(entry);
        PatientMessageRow sent = sendAndRead(offer);
        assertEquals("sent", sent.state);

        reply(Map.of("reference", sent.id.toString(), "from", sent.recipient, "text", "Yes!"))
                .then().statusCode(201).body("action", equalTo("book")).body("outcome", equalTo("offered time booked"));
        assertEquals("booked", status(offer.toString()));
        assertEquals("cancelled", status(entry), "the entry is done: booked from the offer");
        assertTrue(offers(second).isEmpty(), "nothing passes on");
        given().auth().oauth2(Tokens.frontDesk()).queryParam("patientId", patient).when().get("/api/v1/appointments")
                .then().statusCode(200).body("find { it.id == '" + offer + "' }.start", equalTo(c.start().toString()));
    }

    @Test
    void theDeskSeesTheWaitlistOldestFirstWithEachOffer() throws InterruptedException {
        Clinic c = clinic();
        String firstPatient = patient(true, false);
        String first = waitFor(c, firstPatient);
        String second = waitFor(c, patient(true, false));
        cancel(c.booked());
        UUID offer = openOffer(first);

        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/locations/" + c.location() + "/waitlist")
                .then().statusCode(200).body("total", equalTo(2)).body("entries", hasSize(2))
                .body("entries[0].id", equalTo(first)).body("entries[0].patientId", equalTo(firstPatient))
                .body("entries[0].patientName", notNullValue()).body("entries[0].practitionerName", equalTo("Dr. Marcus Welby"))
                .body("entries[0].visitType", equalTo("30 minute visit"))
                .body("entries[0].offer.appointmentId", equalTo(offer.toString()))
                .body("entries[0].offer.start", equalTo(c.start().toString()))
                .body("entries[0].offer.expiresAt", notNullValue())
                .body("entries[0].offer.messageState", equalTo("pending"))
                .body("entries[1].id", equalTo(second)).body("entries[1].offer", nullValue());
        sendAndRead(offer);
        given().auth().oauth2(Tokens.frontDesk()).queryParam("limit", 1).queryParam("offset", 0)
                .when().get("/api/v1/locations/" + c.location() + "/waitlist")
                .then().statusCode(200).body("total", equalTo(2)).body("entries", hasSize(1))
                .body("entries[0].offer.messageState", equalTo("sent"));
        given().auth().oauth2(Tokens.frontDesk()).queryParam("limit", 501)
                .when().get("/api/v1/locations/" + c.location() + "/waitlist").then().statusCode(400);
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/locations/" + UUID.randomUUID() + "/waitlist")
                .then().statusCode(404);
    }

    /** Books a visit in the clinic at another local time of the visit's day; its id. */
    private static String book(Clinic c, LocalTime at) {
        Instant start = ZonedDateTime.of(c.start().atZone(NOON).toLocalDate(), at, NOON).toInstant();
        return Scheduling.post("/api/v1/appointments", Scheduling.booking(Scheduling.patient(), c.practitioner(),
                c.location(), c.type(), start.toString()), Tokens.frontDesk());
    }

    private static void declineAtTheDesk(UUID offer) {
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of())
                .when().post("/api/v1/appointments/" + offer + "/decline-offer").then().statusCode(200);
    }

    /**
     * Runs {@code first} in a transaction on another thread and returns once it is done; that
     * transaction then waits 1.5 s (what the caller does meanwhile meets its locks), runs
     * {@code then} and commits. The future ends with it.
     */
    private static Future<?> meanwhile(ExecutorService pool, Runnable first, Runnable then) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Future<?> tx = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
            first.run();
            done.countDown();
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            then.run();
        }));
        assertTrue(done.await(30, TimeUnit.SECONDS));
        return tx;
    }

    @Test
    void aReplyRacingAnotherEndOfTheOfferIsKeptAndDoesNothing() throws Exception {
        Clinic c = clinic();
        String first = waitFor(c, patient(true, false));
        String second = waitFor(c, patient(true, false));
        cancel(c.booked());
        UUID offer = openOffer(first);
        PatientMessageRow sent = sendAndRead(offer);
        assertEquals("sent", sent.state);

        // the desk (or the expiry job) ends the offer and has not committed yet when the patient's YES comes
        ExecutorService desk = Executors.newSingleThreadExecutor();
        try {
            Future<?> declined = meanwhile(desk, () -> appointments.passOnOffer(offer, null, "declined at the desk"),
                    () -> { });
            reply(Map.of("reference", sent.id.toString(), "from", sent.recipient, "text", "YES"))
                    .then().statusCode(201).body("action", equalTo("book"))
                    .body("outcome", equalTo("nothing done: the offer is no longer open"));
            declined.get(30, TimeUnit.SECONDS);
        } finally {
            desk.shutdownNow();
        }
        assertEquals(List.of("cancelled", "declined at the desk"), List.of(offers(first).get(0)[1], offers(first).get(0)[2]));
        openOffer(second);
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> ReminderReply.count("patientMessageId", sent.id)),
                "the reply is kept");

        // STOP to a patient message speaks of messages, not reminders
        reply(Map.of("reference", sent.id.toString(), "from", sent.recipient, "text", "STOP"))
                .then().statusCode(201).body("action", equalTo("stop"))
                .body("outcome", equalTo("consent to sms withdrawn; no more messages by sms"));
    }

    @Test
    void anOfferThePatientCantBeToldOfPassesOnAtOnce() throws InterruptedException {
        Clinic c = clinic();
        String untold = waitFor(c, patient(false, false));
        String second = waitFor(c, patient(true, false));
        cancel(c.booked());
        UUID offer = openOffer(untold);
        PatientMessageRow skipped = sendAndRead(offer);
        assertEquals("skipped", skipped.state);
        List<Object[]> made = offers(untold);
        assertEquals("cancelled", made.get(0)[1], "the time is not held for a patient nobody can tell");
        assertTrue(((String) made.get(0)[2]).startsWith("the patient could not be told: the patient has not consented"),
                (String) made.get(0)[2]);
        UUID passed = openOffer(second);
        assertEquals("pending", message(passed).state);

        // the provider refusing the message for good does the same
        FakeMessaging.server().resetAll();
        FakeMessaging.server().stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid number\"}")));
        PatientMessageRow failed = sendAndRead(passed);
        assertEquals("failed", failed.state);
        assertEquals("cancelled", status(passed.toString()));
        assertEquals("waitlist", status(second), "the entry still waits for another time");
    }

    @Test
    void aTimeThatStartsBeforeTheQuietHoursEndIsNotOffered() {
        // a zone where it is 23:00 now: the quiet hours run until 08:00 tomorrow
        int h = Instant.now().atZone(ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(23 - h, 24);
        offset = offset > 14 ? offset - 24 : offset;
        ZoneId night = ZoneId.of(offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset));
        Clinic early = clinic(night, LocalDate.now(night).plusDays(1).atTime(7, 0));
        String entry = waitFor(early, patient(true, false), night);
        cancel(early.booked());
        assertTrue(offers(entry).isEmpty(), "nobody could be told before it starts");

        Clinic later = clinic(night, LocalDate.now(night).plusDays(1).atTime(9, 0));
        String entry2 = waitFor(later, patient(true, false), night);
        cancel(later.booked());
        openOffer(entry2);
        assertEquals(ZonedDateTime.of(LocalDate.now(night).plusDays(1), LocalTime.of(9, 0), night).toInstant(),
                offers(entry2).get(0)[3], "told at 08:00, held until the start");
    }

    @Test
    void aBookedOfferMovesToATimeTheEntryOnceDeclined() throws InterruptedException {
        Clinic c = clinic();
        String other = book(c, LocalTime.of(11, 0));
        String entry = waitFor(c, patient(true, false));
        cancel(c.booked());
        UUID declined = openOffer(entry);
        declineAtTheDesk(declined);
        cancel(other);
        UUID offer = openOffer(entry);
        assertTrue(appointments.answerOffer(offer, true, "booked at the desk").isPresent());
        assertEquals("booked", status(offer.toString()));

        // the patient asks to move it to 10:30 after all: moved in place (FHIR update), it is no longer an offer
        long version = QuarkusTransaction.requiringNew().call(() -> appointments.get(offer).version);
        QuarkusTransaction.requiringNew().run(() ->
                appointments.move(offer, org.frontdesk.reception.shared.ETags.of(version), c.start(), null));
        QuarkusTransaction.requiringNew().run(() -> {
            var moved = appointments.get(offer);
            assertEquals(c.start(), moved.startsAt);
            assertEquals("booked", moved.status);
            assertNull(moved.offeredFrom);
        });
    }

    @Test
    void anOfferLapsingWhileTheTimeIsBookedEndsWithoutADeadlock() throws Exception {
        Clinic c = clinic();
        String entry = waitFor(c, patient(true, false));
        String next = waitFor(c, patient(true, false)); // so that a lapse looks for the next and books its offer
        cancel(c.booked());
        UUID offer = openOffer(entry);
        String patient = Scheduling.patient();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // a booking of the same time holds the practitioner's booking lock while the expiry job takes up the lapsed offer
            Future<?> booking = meanwhile(pool, () -> em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 4242))")
                            .setParameter(1, "appointment:" + c.practitioner()).getSingleResult(),
                    () -> appointments.book(new AppointmentService.Booking(UUID.fromString(patient),
                            UUID.fromString(c.practitioner()), UUID.fromString(c.location()), UUID.fromString(c.type()),
                            c.start(), null, null, "over a lapsed offer")));
            Sql.run(em, "update appointment set hold_expires_at = now() - interval '1 minute' where id = ?1", offer);
            Future<Integer> job = pool.submit(() -> appointments.expireHolds(100));
            booking.get(60, TimeUnit.SECONDS); // no deadlock: the booking goes in
            job.get(60, TimeUnit.SECONDS); // and the job ends without one
        } finally {
            pool.shutdownNow();
        }
        assertEquals("cancelled", status(offer.toString()), "the lapsed offer is released once");
        assertTrue(offers(next).isEmpty(), "the time is booked: nothing passes on");
        QuarkusTransaction.requiringNew().run(() -> assertEquals(1, appointments.forPatient(UUID.fromString(patient)).stream()
                .filter(a -> "booked".equals(a.status) && a.startsAt.equals(c.start())).count()));
    }
}
