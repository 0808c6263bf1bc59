package org.frontdesk.reception.reminders;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.frontdesk.reception.reminders.SmsReplies.patient;
import static org.frontdesk.reception.reminders.SmsReplies.reply;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reminders against a real HTTP provider (WireMock): timing across a DST change and around quiet
 * hours, consent per channel, exactly one message per reminder with two job runners, retries,
 * and replies that confirm or cancel (freeing the slot).
 */
@QuarkusTest
@QuarkusTestResource(FakeMessaging.class)
class RemindersTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Inject
    ReminderJobs jobs;

    @Inject
    EntityManager em;

    @BeforeEach
    void othersSetAside() {
        // these tests count what the provider was sent and send 50 at a time: reminders other tests'
        // visits left pending (their visits are days from now, so due by these tests' times) are set aside
        sql("update reminder set state = 'skipped', skip_reason = 'set aside by RemindersTest' where state = 'pending'");
    }

    @BeforeEach
    void providerAccepts() {
        FakeMessaging.server().resetAll();
        FakeMessaging.server().stubFor(post(urlEqualTo("/v1/messages"))
                .withHeader("Authorization", equalTo("Bearer " + FakeMessaging.API_KEY))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"msg-{{request.headers.Idempotency-Key}}\"}")
                        .withTransformers("response-template")));
    }

    record Visit(String location, String practitioner, String type, String patient, String appointment, Instant start) {
    }

    private static Visit visit(LocalDate day, LocalTime time, boolean sms, boolean email) {
        String location = Scheduling.location(CHICAGO.getId());
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "07:00", "19:00");
        String type = Scheduling.visitType(20, 0, 0);
        String patient = patient(sms, email);
        Instant start = ZonedDateTime.of(day, time, CHICAGO).toInstant();
        String appointment = given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(patient, practitioner, location, type, start.toString()))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().path("id");
        return new Visit(location, practitioner, type, patient, appointment, start);
    }

    /** state and due time of each of a visit's reminders, keyed "channel/offset minutes". */
    private Map<String, Object[]> reminders(Visit v) {
        return QuarkusTransaction.requiringNew().call(() -> Reminder.<Reminder>list("appointmentId", UUID.fromString(v.appointment()))
                .stream().collect(Collectors.toMap(r -> r.channel + "/" + r.offsetMinutes,
                        r -> new Object[] {r.state, r.dueAt, r.skipReason, r.nextAttemptAt, r.attempts})));
    }

    @Test
    void remindersComeAtTheLocalTimeAcrossADstChangeAndNeverInQuietHours() {
        // Sunday 2027-03-14 the clocks in Chicago go forward an hour
        Visit ten = visit(LocalDate.of(2027, 3, 15), LocalTime.of(10, 0), true, true);
        Visit early = visit(LocalDate.of(2027, 3, 15), LocalTime.of(7, 30), true, false);
        jobs.plan(Instant.parse("2027-03-12T18:00:00Z"));

        Map<String, Object[]> r = reminders(ten);
        // 48 h before Monday 10:00 CDT is Saturday 10:00 CST (47 elapsed hours); 2 h before is 08:00 CDT
        assertEquals(Instant.parse("2027-03-13T16:00:00Z"), r.get("sms/2880")[1]);
        assertEquals(Instant.parse("2027-03-15T13:00:00Z"), r.get("sms/120")[1]);
        assertEquals(Instant.parse("2027-03-13T16:00:00Z"), r.get("email/2880")[1]);
        assertEquals("pending", r.get("email/120")[0]);

        Map<String, Object[]> e = reminders(early);
        // 2 h before 07:30 is 05:30, in quiet hours (21:00-08:00): it goes at 20:59 the evening before (CDT)
        assertEquals(Instant.parse("2027-03-15T01:59:00Z"), e.get("sms/120")[1]);
        // Saturday 07:30 is quiet too: Friday 20:59 CST
        assertEquals(Instant.parse("2027-03-13T02:59:00Z"), e.get("sms/2880")[1]);
        // consent is read when a reminder is due (the patient may give it before then)
        assertEquals("pending", e.get("email/120")[0]);

        // a job that runs late, in quiet hours, waits for their end instead of sending
        jobs.send(50, Instant.parse("2027-03-13T03:30:00Z")); // Friday 21:30 CST
        e = reminders(early);
        assertEquals("pending", e.get("sms/2880")[0]);
        assertEquals(Instant.parse("2027-03-13T14:00:00Z"), e.get("sms/2880")[3]); // Saturday 08:00 CST
        assertEquals(0, e.get("sms/2880")[4]);
        // the e-mail due then is not sent at all: no consent to e-mail
        assertEquals("skipped", e.get("email/2880")[0]);
        assertTrue(((String) e.get("email/2880")[2]).contains("not consented"), (String) e.get("email/2880")[2]);
        String earlyReminder = reminder(early, "sms", 2880);
        FakeMessaging.server().verify(0, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Idempotency-Key", equalTo(earlyReminder)));

        jobs.send(50, Instant.parse("2027-03-13T14:00:00Z"));
        assertEquals("sent", reminders(early).get("sms/2880")[0]);
        assertEquals("pending", reminders(ten).get("email/2880")[0]); // not due before Saturday 10:00
        jobs.send(50, Instant.parse("2027-03-13T16:00:00Z"));
        assertEquals("sent", reminders(ten).get("email/2880")[0]);
        LoggedRequest sent = FakeMessaging.server().findAll(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.channel", equalTo("email")))).get(0);
        assertTrue(sent.getBodyAsString().contains("Mon 15 Mar at 10:00"), sent.getBodyAsString());

        // after an outage, a reminder whose visit has begun is not sent
        jobs.send(50, Instant.parse("2027-03-15T15:30:00Z"));
        assertEquals("skipped", reminders(ten).get("sms/120")[0]);
        assertTrue(((String) reminders(ten).get("sms/120")[2]).contains("time had come"));
    }

    @Test
    void twoRunnersSendEachReminderExactlyOnce() throws Exception {
        List<Visit> visits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            visits.add(visit(LocalDate.of(2027, 4, 5), LocalTime.of(15, 0), true, true));
        }
        for (Visit v : visits) {
            jobs.plan(v.start().minus(Duration.ofHours(50)));
        }
        // both runners find all 24 due: 13:30 that day, before the 15:00 visits
        Instant later = Instant.parse("2027-04-05T18:30:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Callable<Integer> runner = () -> {
                go.await();
                int total = 0;
                int n;
                while ((n = jobs.send(3, later)) > 0) {
                    total += n;
                }
                return total;
            };
            runs.add(pool.submit(runner));
        }
        go.countDown();
        for (Future<Integer> f : runs) {
            f.get();
        }
        pool.shutdown();
        Map<String, Long> perKey = FakeMessaging.server().findAll(postRequestedFor(urlEqualTo("/v1/messages"))).stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("Idempotency-Key"), Collectors.counting()));
        long ours = visits.stream().mapToLong(v -> reminders(v).values().stream().filter(x -> "sent".equals(x[0])).count())
                .sum();
        assertEquals(24, ours, "every reminder of the six visits was sent");
        assertTrue(perKey.values().stream().allMatch(n -> n == 1), "a reminder was sent twice: " + perKey);
        // planning again (another instance) adds nothing
        assertEquals(0, jobs.plan(visits.get(0).start().minus(Duration.ofHours(50))));
    }

    @Test
    void aReplyConfirmsOrCancelsAndACancellationFreesTheSlot() {
        LocalDate day = LocalDate.now(CHICAGO).plusDays(1);
        Visit v = visit(day, LocalTime.of(11, 0), true, false);
        Visit w = visit(day, LocalTime.of(12, 0), true, false);
        jobs.plan();
        jobs.send(50, v.start().minus(Duration.ofMinutes(119)));
        assertEquals("sent", reminders(v).get("sms/120")[0]);
        String reference = reminder(v, "sms", 120);
        String messaging = Tokens.forClient("sms-gateway", Roles.MESSAGING);

        // the provider posts the replies it gets (signed), naming its message id or our reference
        String phone = QuarkusTransaction.requiringNew().call(() -> Reminder.<Reminder>findById(UUID.fromString(reference))
                .recipient);
        reply(messaging, Map.of("providerMessageId", "msg-" + reference, "from", phone, "text", "c")).then().statusCode(201)
                .body("action", org.hamcrest.Matchers.equalTo("confirm"))
                .body("outcome", org.hamcrest.Matchers.equalTo("visit confirmed"));
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + v.appointment()).then()
                .statusCode(200).body("confirmedAt", notNullValue());
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/locations/" + v.location() + "/day?date=" + day)
                .then().statusCode(200).body("find { it.appointmentId == '" + v.appointment() + "' }.confirmedAt",
                        notNullValue());
        // a forged reply: from someone else, unsigned, or badly signed; nothing is done
        reply(messaging, Map.of("reference", reference, "from", "+1 999 555 0000", "text", "X")).then().statusCode(422)
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("/from"));
        given().auth().oauth2(messaging).contentType(ContentType.JSON)
                .body(Map.of("reference", reference, "from", phone, "text", "X"))
                .when().post("/api/v1/reminders/replies").then().statusCode(401);
        given().auth().oauth2(messaging).contentType(ContentType.JSON).header("X-Reminder-Signature", "sha256=00ff")
                .body(Map.of("reference", reference, "from", phone, "text", "X"))
                .when().post("/api/v1/reminders/replies").then().statusCode(401);
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + v.appointment()).then()
                .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("booked"));
        // a reply to a reminder that was never sent names nothing
        String unsent = reminder(w, "sms", 120);
        reply(messaging, Map.of("reference", unsent, "from", phone, "text", "X")).then().statusCode(404);
        reply(messaging, Map.of("reference", reference, "from", phone, "text", "X")).then().statusCode(201)
                .body("action", org.hamcrest.Matchers.equalTo("cancel")).body("outcome", containsString("cancelled"));
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + v.appointment()).then()
                .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("cancelled"))
                .body("cancellationReason", containsString("reply to a reminder"));
        // the time is free: another patient books it
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(patient(false, false), v.practitioner(), v.location(), v.type(), v.start().toString()))
                .when().post("/api/v1/appointments").then().statusCode(201);

        // an unknown answer is kept for the desk; a late one does nothing; a reply to nothing we sent is 404;
        // only the provider may post replies
        reply(messaging, Map.of("reference", reference, "from", phone, "text", "who is this?")).then().statusCode(201)
                .body("action", org.hamcrest.Matchers.equalTo("unknown"));
        reply(messaging, Map.of("reference", reference, "from", phone, "text", "yes")).then().statusCode(201)
                .body("outcome", containsString("nothing done: the visit is cancelled"));
        reply(messaging, Map.of("reference", UUID.randomUUID().toString(), "from", phone, "text", "C")).then()
                .statusCode(404);
        reply(Tokens.frontDesk(), Map.of("reference", reference, "from", phone, "text", "C")).then().statusCode(403);
        reply(messaging, Map.of("from", phone, "text", "C")).then().statusCode(400);
        // STOP withdraws the consent to that channel
        reply(messaging, Map.of("reference", reference, "from", phone, "text", "Stop")).then().statusCode(201)
                .body("action", org.hamcrest.Matchers.equalTo("stop")).body("outcome", containsString("withdrawn"));
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/patients/" + v.patient()).then().statusCode(200)
                .body("consent.sms", org.hamcrest.Matchers.equalTo(false));
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/patients/" + v.patient() + "/consents?kind=sms&current=true")
                .then().statusCode(200).body("[0].decision", org.hamcrest.Matchers.equalTo("deny"))
                .body("[0].source", org.hamcrest.Matchers.equalTo("reply"));
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + v.appointment() + "/reminders")
                .then().statusCode(200).body("replies.size()", org.hamcrest.Matchers.equalTo(5))
                .body("reminders.find { it.channel == 'sms' && it.offsetMinutes == 120 }.state",
                        org.hamcrest.Matchers.equalTo("sent"));

        // a visit cancelled at the desk before its reminder is due is not reminded of
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON).body(Map.of("reason", "patient called"))
                .when().post("/api/v1/appointments/" + w.appointment() + "/cancel").then().statusCode(200);
        jobs.send(50, w.start().minus(Duration.ofMinutes(60)));
        assertEquals("skipped", reminders(w).get("sms/120")[0]);
        assertTrue(((String) reminders(w).get("sms/120")[2]).contains("cancelled"));
        FakeMessaging.server().verify(0, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Idempotency-Key", equalTo(reminder(w, "sms", 120))));
    }

    @Test
    void aProviderOutageIsRetriedAndARefusalIsNot() {
        FakeMessaging.server().resetAll();
        FakeMessaging.server().stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.channel", equalTo("sms"))).willReturn(aResponse().withStatus(503)));
        FakeMessaging.server().stubFor(post(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.channel", equalTo("email")))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"bad address\"}")));
        Visit v = visit(LocalDate.of(2027, 5, 10), LocalTime.of(10, 0), true, true);
        jobs.plan(Instant.parse("2027-05-08T00:00:00Z"));
        Instant at = Instant.parse("2027-05-10T13:30:00Z"); // after both reminders were due, before the visit
        jobs.send(50, at);
        Map<String, Object[]> r = reminders(v);
        assertEquals("pending", r.get("sms/120")[0]);
        assertEquals(1, r.get("sms/120")[4]);
        assertEquals("failed", r.get("email/120")[0]);
        // a reminder that used up its attempts without an outcome fails instead of being tried forever
        sql("update reminder set attempts = 5, next_attempt_at = ?1 where id = ?2", at, UUID.fromString(reminder(v, "sms", 2880)));
        providerAccepts();
        jobs.send(50, at.plusSeconds(60));
        assertEquals("sent", reminders(v).get("sms/120")[0]);
        assertEquals("failed", reminders(v).get("sms/2880")[0]);
        Function<String, Long> count = channel -> (long) FakeMessaging.server().findAll(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.channel", equalTo(channel)))).size();
        assertEquals(1L, count.apply("sms")); // the 2 h one, now that the provider is back
        assertEquals(0L, count.apply("email")); // refused ones are not sent again
    }

    private void sql(String sql, Object... params) {
        Sql.run(em, sql, params);
    }

    private String reminder(Visit v, String channel, int offset) {
        return QuarkusTransaction.requiringNew().call(() -> Reminder.<Reminder>find(
                "appointmentId = ?1 and channel = ?2 and offsetMinutes = ?3", UUID.fromString(v.appointment()), channel,
                offset).firstResult().id.toString());
    }
}
