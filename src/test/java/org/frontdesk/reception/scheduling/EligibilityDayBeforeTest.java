package org.frontdesk.reception.scheduling;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.coverage.EligibilityService;
import org.frontdesk.reception.coverage.FakeInsurer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eligibility the day before, against a real HTTP insurer (WireMock): the job, run as if at a
 * chosen time, queues one check per patient's primary coverage for tomorrow's visits in the
 * location's own day, the leased worker sends each once (two instances' worth of runs at once,
 * and again), at each payer's rate and never through an open circuit, and the day list flags
 * what came back wrong.
 */
@QuarkusTest
@QuarkusTestResource(FakeInsurer.class)
class EligibilityDayBeforeTest {

    private static final java.util.regex.Pattern MEMBER = java.util.regex.Pattern.compile("MEM-[A-Za-z0-9-]+");

    @ConfigProperty(name = "reception.test.insurer-url")
    String insurerUrl;

    @Inject
    EligibilityDayBefore job;

    @Inject
    EligibilityService eligibility;

    @Inject
    EntityManager em;

    private static WireMockServer insurer() {
        return FakeInsurer.server();
    }

    /** A payer on its own path of the fake insurer, answering as told. */
    private String payer(String prefix, Map<String, Object> extra,
                         com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        Map<String, Object> body = Coverages.payerBody("commercial");
        body.put("baseUrl", insurerUrl + "/" + prefix);
        body.putAll(extra);
        insurer().stubFor(post(urlEqualTo("/" + prefix + "/CoverageEligibilityRequest/$submit")).willReturn(answer));
        return Coverages.payer(body);
    }

    private static String prefix() {
        return "db" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A patient with an active primary coverage at the payer; the member id names the patient in requests. */
    private record Member(String patient, String coverage, String memberId) {
    }

    private static Member member(String payer) {
        String patient = Coverages.patient();
        String memberId = "MEM-" + UUID.randomUUID().toString().substring(0, 12);
        return new Member(patient, Coverages.added(patient, Coverages.coverage(payer, memberId, "primary")), memberId);
    }

    /** A location with practitioners seeing patients all day, and a visit type. */
    private record Clinic(String location, ZoneId zone, List<String> practitioners, String visitType) {
        String book(String patient, int practitioner, LocalDate day, LocalTime at) {
            String start = ZonedDateTime.of(day, at, zone).toInstant().toString();
            return Scheduling.post("/api/v1/appointments", Scheduling.booking(patient, practitioners.get(practitioner),
                    location, visitType, start), org.frontdesk.reception.security.Tokens.frontDesk());
        }
    }

    private static Clinic clinic(String zone, int practitioners, String from, String to, int minutes) {
        String location = Scheduling.location(zone);
        List<String> people = new ArrayList<>();
        for (int i = 0; i < practitioners; i++) {
            String p = Scheduling.practitioner();
            Scheduling.everyDay(p, location, from, to);
            people.add(p);
        }
        return new Clinic(location, ZoneId.of(zone), people, Scheduling.visitType(minutes, 0, 0));
    }

    /** The local evening before {@code day}, after the configured run time (17:00). */
    private static Instant eveningBefore(LocalDate day, ZoneId zone) {
        return ZonedDateTime.of(day.minusDays(1), LocalTime.of(17, 30), zone).toInstant();
    }

    /** Member ids in the requests the fake insurer got under these payers' paths, with how often each. */
    private static Map<String, Long> asked(List<String> prefixes) {
        List<LoggedRequest> all = new ArrayList<>();
        for (String p : prefixes) {
            all.addAll(insurer().findAll(postRequestedFor(urlPathMatching("/" + p + "/.*"))));
        }
        return all.stream().map(r -> {
            Matcher m = MEMBER.matcher(r.getBodyAsString());
            assertTrue(m.find(), "a request without a member id");
            return m.group();
        }).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private long count(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    private static UUID[] ids(List<Member> members) {
        return members.stream().map(m -> UUID.fromString(m.coverage())).toArray(UUID[]::new);
    }

    /** Sends what is queued until nothing of these coverages waits that is due (a bounded number of rounds). */
    private void sendAll(List<Member> members) {
        for (int round = 0; round < 50; round++) {
            eligibility.sendQueued(10);
            if (count("select count(*) from eligibility_check where coverage_id = any(?1) and state = 'pending' "
                    + "and next_attempt_at <= now()", (Object) ids(members)) == 0) {
                return;
            }
        }
    }

    /** Runs {@code task} on {@code n} threads released at once; the results in order. */
    private static <T> List<T> atOnce(int n, java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(180, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return results;
    }

    @Test
    void tomorrowsTwoHundredVisitsAreEachCheckedOnceThoughTheJobRunsTwiceAndTwoAtOnce() throws Exception {
        List<String> prefixes = new ArrayList<>();
        List<String> payers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String prefix = prefix();
            prefixes.add(prefix);
            payers.add(payer(prefix, Map.of("eligibilityRateLimit", 1000),
                    aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json").withBody(FakeInsurer.inForce(true))));
        }
        Clinic clinic = clinic("America/Chicago", 4, "08:00", "18:00", 10);
        LocalDate tomorrow = LocalDate.now(clinic.zone()).plusDays(1);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Member m = member(payers.get(i % payers.size())); // 40 patients per payer
            members.add(m);
            clinic.book(m.patient(), i % 4, tomorrow, LocalTime.of(8, 0).plusMinutes(10L * (i / 4)));
        }
        Instant evening = eveningBefore(tomorrow, clinic.zone());

        // two instances run the job at the same moment, then each runs it again
        List<Integer> queued = atOnce(2, () -> job.sweep(evening));
        queued.add(job.sweep(evening.plusSeconds(300)));
        queued.add(job.sweep(evening.plusSeconds(300)));
        assertEquals(200, count("select count(*) from eligibility_check where coverage_id = any(?1) and origin = 'day-before'",
                (Object) ids(members)));
        assertEquals(200, count("select count(distinct coverage_id) from eligibility_check where coverage_id = any(?1) "
                + "and origin = 'day-before' and service_date = ?2", ids(members), tomorrow));
        assertTrue(queued.get(0) + queued.get(1) >= 200, "the two runs together queued them all: " + queued);
        // nothing was sent by the job itself: the questions wait for the worker
        assertEquals(Map.of(), asked(prefixes));

        // the worker, on two instances at once
        atOnce(2, () -> {
            sendAll(members);
            return null;
        });
        sendAll(members);
        Map<String, Long> asked = asked(prefixes);
        assertEquals(200, asked.size(), "every coverage asked about");
        assertTrue(asked.values().stream().allMatch(n -> n == 1), "each asked once: " + asked);
        assertEquals(200, count("select count(*) from eligibility_check where coverage_id = any(?1) and origin = 'day-before' "
                + "and state = 'complete' and result = 'active' and attempts = 1", (Object) ids(members)));

        // later runs (a restart, the next tick) ask nothing again: every check is fresh
        job.sweep(evening.plusSeconds(3600));
        sendAll(members);
        assertEquals(200, count("select count(*) from eligibility_check where coverage_id = any(?1)", (Object) ids(members)));
        assertEquals(200, asked(prefixes).values().stream().mapToLong(Long::longValue).sum());
        given().queryParam("date", tomorrow.toString()).when().get("/api/v1/locations/" + clinic.location() + "/day")
                .then().statusCode(200).body("size()", equalTo(200))
                .body("findAll { it.eligibility == 'active' && !it.eligibilityStale && !it.eligibilityFailed }.size()",
                        equalTo(200));
    }

    @Test
    void aStaleCheckIsAskedAgainAFreshOneIsNotAndTwoVisitsOfOnePatientAreOneQuestion() {
        String prefix = prefix();
        String payer = payer(prefix, Map.of(), aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        Clinic clinic = clinic("Europe/Berlin", 1, "08:00", "18:00", 20);
        LocalDate tomorrow = LocalDate.now(clinic.zone()).plusDays(1);
        Member fresh = member(payer);
        Member stale = member(payer);
        Member twice = member(payer);
        Member noAnswer = member(payer);
        for (Member m : List.of(fresh, stale, noAnswer)) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("serviceDate", tomorrow.toString())).when()
                    .post("/api/v1/coverages/" + m.coverage() + "/eligibility").then().statusCode(201)
                    .body("result", equalTo("active")).body("origin", equalTo("desk"));
        }
        // the stale one was asked long ago (before reception.coverage.eligibility-fresh-days)
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update eligibility_check "
                + "set completed_at = completed_at - interval '10 days' where coverage_id = ?1")
                .setParameter(1, UUID.fromString(stale.coverage())).executeUpdate());
        // a fresh check that got no answer (the insurer was down) is asked again
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update eligibility_check "
                + "set result = 'unknown', reason = 'the insurer answered HTTP 503' where coverage_id = ?1")
                .setParameter(1, UUID.fromString(noAnswer.coverage())).executeUpdate());
        clinic.book(noAnswer.patient(), 0, tomorrow, LocalTime.of(11, 0));
        clinic.book(fresh.patient(), 0, tomorrow, LocalTime.of(9, 0));
        clinic.book(stale.patient(), 0, tomorrow, LocalTime.of(9, 20));
        clinic.book(twice.patient(), 0, tomorrow, LocalTime.of(10, 0));
        clinic.book(twice.patient(), 0, tomorrow, LocalTime.of(15, 0));

        job.sweep(eveningBefore(tomorrow, clinic.zone()));
        List<Member> all = List.of(fresh, stale, twice, noAnswer);
        sendAll(all);
        Map<String, Long> asked = asked(List.of(prefix));
        assertEquals(Map.of(fresh.memberId(), 1L, stale.memberId(), 2L, twice.memberId(), 1L, noAnswer.memberId(), 2L),
                asked);
        // asked once the day before, however often the job runs
        job.sweep(eveningBefore(tomorrow, clinic.zone()).plusSeconds(600));
        sendAll(all);
        assertEquals(2L, asked(List.of(prefix)).get(noAnswer.memberId()));
        given().when().get("/api/v1/coverages/" + stale.coverage() + "/eligibility").then().statusCode(200)
                .body("[0].origin", equalTo("day-before")).body("[0].serviceDate", equalTo(tomorrow.toString()))
                .body("[0].requestedBy", equalTo("system"));
    }

    @Test
    void aPayerWhoseCircuitIsOpenWaitsWithoutUsingAnAttempt() {
        String prefix = prefix();
        String payer = payer(prefix, Map.of("circuitVolume", 4, "circuitFailureRatio", 0.5, "circuitDelaySeconds", 3600),
                aResponse().withStatus(500));
        // the desk's own checks find the payer down: its circuit opens
        Member desk = member(payer);
        for (int i = 0; i < 4; i++) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of()).when().post("/api/v1/coverages/" + desk.coverage() + "/eligibility")
                    .then().statusCode(201).body("reason", containsString("HTTP 500"));
        }
        Clinic clinic = clinic("Asia/Tokyo", 1, "08:00", "18:00", 20);
        LocalDate tomorrow = LocalDate.now(clinic.zone()).plusDays(1);
        Member waiting = member(payer);
        clinic.book(waiting.patient(), 0, tomorrow, LocalTime.of(11, 0));

        job.sweep(eveningBefore(tomorrow, clinic.zone()));
        Instant before = Instant.now();
        sendAll(List.of(waiting));
        insurer().verify(4, postRequestedFor(urlPathMatching("/" + prefix + "/.*")));
        UUID coverage = UUID.fromString(waiting.coverage());
        assertEquals(1, count("select count(*) from eligibility_check where coverage_id = ?1 and state = 'pending' "
                + "and attempts = 0 and claimed_until is null and next_attempt_at > ?2", coverage,
                before.plusSeconds(3000)), "waits for the circuit, its attempt not counted");
        given().queryParam("date", tomorrow.toString()).when().get("/api/v1/locations/" + clinic.location() + "/day")
                .then().statusCode(200).body("[0].eligibility", equalTo("not-checked"))
                .body("[0].eligibilityStale", equalTo(true));
    }

    @Test
    void aPayerWhoseRateIsUsedUpIsAskedNoMoreThisWindowAndTheRestWait() {
        String prefix = prefix();
        // two questions an hour (windows start on the hour)
        String payer = payer(prefix, Map.of("eligibilityRateLimit", 2, "eligibilityRateWindowSeconds", 3600),
                aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        given().auth().oauth2(org.frontdesk.reception.security.Tokens.admin()).when().get("/api/v1/payers/" + payer)
                .then().statusCode(200).body("eligibilityRateLimit", equalTo(2))
                .body("eligibilityRateWindowSeconds", equalTo(3600));
        Clinic clinic = clinic("Australia/Sydney", 1, "08:00", "18:00", 20);
        LocalDate tomorrow = LocalDate.now(clinic.zone()).plusDays(1);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Member m = member(payer);
            members.add(m);
            clinic.book(m.patient(), 0, tomorrow, LocalTime.of(9, 0).plusMinutes(20L * i));
        }
        job.sweep(eveningBefore(tomorrow, clinic.zone()));
        sendAll(members);
        insurer().verify(2, postRequestedFor(urlPathMatching("/" + prefix + "/.*")));
        assertEquals(3, count("select count(*) from eligibility_check where coverage_id = any(?1) and state = 'pending' "
                + "and attempts = 0 and claimed_until is null and next_attempt_at > now()", (Object) ids(members)),
                "the rest wait for the next window, their attempts not counted");
        assertEquals(2, count("select count(*) from eligibility_check where coverage_id = any(?1) and state = 'complete'",
                (Object) ids(members)));
    }

    @Test
    void theDayListFlagsAnInactiveAndAnUnansweredCheckWithTheReasonAndTellsTheDesk() {
        String inactivePrefix = prefix();
        String downPrefix = prefix();
        String activePrefix = prefix();
        String inactive = payer(inactivePrefix, Map.of(), aResponse().withStatus(200).withBody(FakeInsurer.inForce(false)));
        String down = payer(downPrefix, Map.of(), aResponse().withStatus(500).withBody("{\"oops\":true}"));
        String active = payer(activePrefix, Map.of(), aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        Clinic clinic = clinic("America/Los_Angeles", 1, "08:00", "18:00", 30);
        LocalDate tomorrow = LocalDate.now(clinic.zone()).plusDays(1);
        Member a = member(inactive);
        Member b = member(down);
        Member c = member(active);
        String first = clinic.book(a.patient(), 0, tomorrow, LocalTime.of(8, 0));
        clinic.book(b.patient(), 0, tomorrow, LocalTime.of(9, 0));
        clinic.book(c.patient(), 0, tomorrow, LocalTime.of(10, 0));

        job.sweep(eveningBefore(tomorrow, clinic.zone()));
        sendAll(List.of(a, b, c));
        given().queryParam("date", tomorrow.toString()).when().get("/api/v1/locations/" + clinic.location() + "/day")
                .then().statusCode(200)
                .body("[0].eligibility", equalTo("inactive")).body("[0].eligibilityFailed", equalTo(true))
                .body("[0].eligibilityReason", containsString("not in force"))
                .body("[1].eligibility", equalTo("unknown")).body("[1].eligibilityFailed", equalTo(true))
                .body("[1].eligibilityReason", containsString("HTTP 500"))
                .body("[2].eligibility", equalTo("active")).body("[2].eligibilityFailed", equalTo(false))
                .body("[2].eligibilityReason", nullValue());
        // the desk's feed was told of the answer on the visit's row
        assertEquals(1, count("select count(*) from change_event where appointment_id = ?1 and desk = 'eligibility'",
                UUID.fromString(first)));
    }

    @Test
    void theDayIsTheLocationsOwnAcrossAClockChangeAndTheRunWaitsForItsLocalTime() {
        String prefix = prefix();
        String payer = payer(prefix, Map.of(), aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        Clinic clinic = clinic("America/New_York", 1, "00:00", "23:59", 20);
        // 14 March 2027 has 23 hours in New York (clocks go forward at 2:00)
        LocalDate shortDay = LocalDate.of(2027, 3, 14);
        Member early = member(payer);
        Member late = member(payer);
        Member nextDay = member(payer);
        clinic.book(early.patient(), 0, shortDay, LocalTime.of(0, 20));
        clinic.book(late.patient(), 0, shortDay, LocalTime.of(23, 30));
        // 04:15 UTC on the 15th: inside a naive 24-hour window from the 14th's midnight, outside the day
        clinic.book(nextDay.patient(), 0, shortDay.plusDays(1), LocalTime.of(0, 15));
        List<Member> all = List.of(early, late, nextDay);

        // 16:30 in New York is past 17:00 UTC, but not yet the location's run time
        job.sweep(ZonedDateTime.of(shortDay.minusDays(1), LocalTime.of(16, 30), clinic.zone()).toInstant());
        assertEquals(0, count("select count(*) from eligibility_check where coverage_id = any(?1)", (Object) ids(all)));

        job.sweep(ZonedDateTime.of(shortDay.minusDays(1), LocalTime.of(17, 0), clinic.zone()).toInstant());
        assertEquals(2, count("select count(*) from eligibility_check where coverage_id = any(?1) and service_date = ?2",
                ids(List.of(early, late)), shortDay));
        assertEquals(0, count("select count(*) from eligibility_check where coverage_id = ?1",
                UUID.fromString(nextDay.coverage())));
    }

    @Test
    void aMissedEveningRunIsCaughtUpOnTheDayItselfForTheVisitsStillAhead() {
        String prefix = prefix();
        String payer = payer(prefix, Map.of(), aResponse().withStatus(200).withBody(FakeInsurer.inForce(true)));
        Clinic clinic = clinic("Pacific/Auckland", 1, "06:00", "18:00", 20);
        LocalDate day = LocalDate.of(2027, 2, 10);
        Member past = member(payer);
        Member ahead = member(payer);
        clinic.book(past.patient(), 0, day, LocalTime.of(7, 0));
        clinic.book(ahead.patient(), 0, day, LocalTime.of(11, 0));

        // every instance was down the evening before; the first run is at 08:00 on the day
        Instant morning = ZonedDateTime.of(day, LocalTime.of(8, 0), clinic.zone()).toInstant();
        job.sweep(morning);
        assertEquals(1, count("select count(*) from eligibility_check where coverage_id = ?1 and service_date = ?2",
                UUID.fromString(ahead.coverage()), day));
        assertEquals(0, count("select count(*) from eligibility_check where coverage_id = ?1",
                UUID.fromString(past.coverage())));
        // the day's catch-up happens once: a visit booked later that day waits for the desk
        Member walkIn = member(payer);
        clinic.book(walkIn.patient(), 0, day, LocalTime.of(16, 0));
        job.sweep(morning.plusSeconds(600));
        assertEquals(0, count("select count(*) from eligibility_check where coverage_id = ?1",
                UUID.fromString(walkIn.coverage())));
        sendAll(List.of(ahead));
        assertEquals(Map.of(ahead.memberId(), 1L), asked(List.of(prefix)));
    }
}
