package org.frontdesk.reception.deploy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.frontdesk.reception.coding.CodeSets;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.coverage.FakeInsurer;
import org.frontdesk.reception.patient.Patients;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the packaged application (target/quarkus-app, run as separate JVMs, started at
 * the same moment so both run Flyway) against one PostgreSQL and one insurer (WireMock):
 * bookings through both never double-book, the two claim dispatchers never send the same row,
 * a desk screen connected to one instance sees a change made through the other (and resumes with
 * Last-Event-ID), a {@code kill -9} of one instance while it dispatches loses nothing, and both
 * running the day-before eligibility job ask about each of tomorrow's visits once, before and
 * after a restart. Runs in {@code verify}
 * after packaging (failsafe).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final String SUBMIT = "/two/Claim/$submit";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedPostgres pg;
    private static WireMockServer insurer;
    private static Instance a;
    private static Instance b;
    private static String patient;
    private static String coverage;

    record Instance(Process process, int port) {
        String base() {
            return "http://localhost:" + port;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.exists(JAR), "package the application first (./mvnw verify does)");
        pg = EmbeddedPostgres.builder().start();
        insurer = new WireMockServer(options().dynamicPort());
        insurer.start();
        insurer.stubFor(post(urlEqualTo(SUBMIT)).willReturn(aResponse().withStatus(200).withFixedDelay(150)
                .withHeader("Content-Type", "application/fhir+json").withBody("""
                        {"resourceType":"ClaimResponse","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
                         "use":"claim","patient":{"display":"p"},"created":"2026-11-27","insurer":{"display":"i"},"outcome":"complete"}""")));
        // both at once: the second must wait for the first's migration, not fail or migrate twice
        a = launch("a");
        b = launch("b");
        ready(a);
        ready(b);
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = a.port();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Instance i : new Instance[] {a, b}) {
            if (i != null && i.process().isAlive()) {
                i.process().destroy();
                i.process().waitFor(40, TimeUnit.SECONDS);
            }
        }
        if (insurer != null) {
            insurer.stop();
        }
        if (pg != null) {
            pg.close();
        }
        RestAssured.reset();
    }

    private static Instance launch(String name) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.getJdbcUrl("postgres", "postgres"));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("target/test-classes/test-keys/public.pem").toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER);
        env.put("RECEPTION_SECURITY_FHIR_RATE_LIMIT_ENABLED", "false");
        env.put("RECEPTION_COVERAGE_INSURER_ALLOW_INSECURE_ENDPOINTS", "true"); // WireMock is plain http on loopback
        env.put("RECEPTION_CODING_IMPORT_DIRS", CodeSets.IMPORTS.toAbsolutePath().toString());
        env.put("RECEPTION_CODING_REFRESH_EVERY", "1s");
        env.put("RECEPTION_CLAIMS_BILLING_NPI", "1234567893");
        env.put("RECEPTION_CLAIMS_DISPATCH_EVERY", "1s");
        env.put("RECEPTION_CLAIMS_DISPATCH_BATCH", "5");
        env.put("RECEPTION_CLAIMS_DISPATCH_CLAIM_FOR", "PT5S");
        env.put("RECEPTION_CLAIMS_DISPATCH_BACKOFF", "PT1S");
        // the day-before eligibility job at any hour, looking every second, and its checks sent every second
        env.put("RECEPTION_SCHEDULING_ELIGIBILITY_DAY_BEFORE_AT", "00:00");
        env.put("RECEPTION_SCHEDULING_ELIGIBILITY_DAY_BEFORE_EVERY", "1s");
        env.put("RECEPTION_COVERAGE_INSURER_JOB_EVERY", "1s");
        pb.redirectErrorStream(true).redirectOutput(Path.of("target/two-instances-" + name + ".log").toFile());
        return new Instance(pb.start(), port);
    }

    private static void ready(Instance i) throws Exception {
        for (int n = 0; n < 480; n++) {
            assertTrue(i.process().isAlive(), "instance on port " + i.port() + " died; see target/two-instances-*.log");
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(i.base() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("instance on port " + i.port() + " was not ready within 120 s");
    }

    private static long count(String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static HttpResponse<String> send(Instance to, String method, String path, String token, String contentType,
                                             String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(to.base() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void bothInstancesMigratedOnceAndServe() throws Exception {
        assertEquals(count("select count(*) from flyway_schema_history where success and version is not null"),
                count("select count(distinct version) from flyway_schema_history where version is not null"));
        assertEquals(0, count("select count(*) from flyway_schema_history where not success"));
    }

    @Test
    @Order(2)
    void concurrentBookingsThroughBothInstancesBookOnce() throws Exception {
        String location = Scheduling.location("UTC");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "08:00", "18:00");
        String type = Scheduling.visitType(20, 0, 0);
        patient = given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Patients.aPatient().json())
                .when().post("/api/v1/patients").then().statusCode(201).extract().path("id");
        String start = LocalDate.now(ZoneOffset.UTC).plusDays(2).atTime(10, 0).toInstant(ZoneOffset.UTC).toString();
        String booking = """
                {"patientId":"%s","practitionerId":"%s","locationId":"%s","visitTypeId":"%s","start":"%s"}"""
                .formatted(patient, practitioner, location, type, start);

        int clients = 32;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Instance to = i % 2 == 0 ? a : b;
            answers.add(pool.submit(() -> {
                go.await();
                return send(to, "POST", "/api/v1/appointments", Tokens.frontDesk(), "application/json", booking).statusCode();
            }));
        }
        go.countDown();
        Map<Integer, Long> byStatus = new HashMap<>();
        for (Future<Integer> f : answers) {
            byStatus.merge(f.get(60, TimeUnit.SECONDS), 1L, Long::sum);
        }
        pool.shutdown();
        assertEquals(Map.of(201, 1L, 409, (long) clients - 1), byStatus);
        assertEquals(1, count("select count(*) from appointment where practitioner_id = '" + practitioner
                + "' and status = 'booked'"));
    }

    /** A desk screen's SSE connection to one instance: its events (id, name, data), read on a thread of its own. */
    private static java.util.concurrent.BlockingQueue<String[]> screen(Instance on, String location, String lastEventId,
                                                                        List<java.io.InputStream> open) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(on.base() + "/api/v1/locations/" + location + "/events"))
                .header("Authorization", "Bearer " + Tokens.frontDesk()).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            r.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        open.add(response.body());
        java.util.concurrent.BlockingQueue<String[]> events = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String[] e = new String[3];
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (e[1] != null) {
                            events.add(e);
                        }
                        e = new String[3];
                    } else if (line.startsWith("id:")) {
                        e[0] = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        e[1] = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        e[2] = line.substring(5).trim();
                    }
                }
            } catch (IOException closed) {
                // the screen went away
            }
        });
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static String[] next(java.util.concurrent.BlockingQueue<String[]> events) throws InterruptedException {
        String[] e = events.poll(20, TimeUnit.SECONDS);
        assertTrue(e != null, "no event reached the screen");
        return e;
    }

    @Test
    @Order(3)
    void aChangeOnOneInstanceReachesADeskScreenOnTheOtherAndAResumeMissesNothing() throws Exception {
        String location = Scheduling.location("UTC");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "08:00", "18:00");
        String type = Scheduling.visitType(20, 0, 0);
        Function<Integer, String> bookOnA = hour -> given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(patient, practitioner, location, type,
                        LocalDate.now(ZoneOffset.UTC).plusDays(3).atTime(hour, 0).toInstant(ZoneOffset.UTC).toString()))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().path("id");
        List<java.io.InputStream> open = new ArrayList<>();
        try {
            var onB = screen(b, location, null, open);
            String first = bookOnA.apply(9); // through instance A (RestAssured's)
            String[] e = next(onB);
            assertEquals("booked", e[1]);
            assertTrue(e[2].contains(first), e[2]);
            open.get(0).close();
            // the screen is away while two more are booked on A; it comes back on B and misses nothing
            String second = bookOnA.apply(10);
            String third = bookOnA.apply(11);
            var back = screen(b, location, e[0], open);
            String[] m1 = next(back);
            String[] m2 = next(back);
            assertTrue(m1[2].contains(second), m1[2]);
            assertTrue(m2[2].contains(third), m2[2]);
            assertTrue(Long.parseLong(m1[0]) < Long.parseLong(m2[0]));
        } finally {
            for (java.io.InputStream in : open) {
                in.close();
            }
        }
    }

    @Test
    @Order(4)
    void twoDispatchersNeverSendTheSameClaimAndAKilledOneLosesNothing() throws Exception {
        StringBuilder icd = new StringBuilder();
        icd.append(CodeSets.icdOrderLine(1, "E11", false, "Type 2 diabetes mellitus"));
        icd.append(CodeSets.icdOrderLine(2, "E119", true, "Type 2 diabetes mellitus without complications"));
        CodeSets.load("icd10cm-order", "FY-TWO", CodeSets.write("icd-two.txt", icd.toString()),
                "validFrom", "2026-01-01", "validTo", "2027-12-31").then().statusCode(201);
        CodeSets.load("cpt", "CPT-TWO", CodeSets.write("cpt-two.txt", "99971\tInvented office visit\n"),
                "validFrom", "2026-01-01", "validTo", "2027-12-31").then().statusCode(201);
        Map<String, Object> payer = Coverages.payerBody("commercial");
        payer.put("baseUrl", insurer.baseUrl() + "/two");
        String payerId = Coverages.payer(payer);
        coverage = given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Coverages.coverage(payerId, "MEM-TWO", "primary"))
                .when().post("/api/v1/patients/" + patient + "/coverages").then().statusCode(201).extract().path("id");
        // instance B picks up the code sets A loaded within reception.coding.refresh-every: wait until it knows them
        String check = """
                {"dateOfService":"2026-06-15","codes":[{"code":"E11.9"},{"system":"cpt","code":"99971"}]}""";
        for (int i = 0; i < 120; i++) {
            HttpResponse<String> known = send(b, "POST", "/api/v1/codes/validate", Tokens.billing(), "application/json", check);
            if (known.statusCode() == 200 && known.body().contains("\"allValid\":true")) {
                break;
            }
            assertTrue(i < 119, "instance B never saw the code sets: " + known.body());
            Thread.sleep(250);
        }

        // both alive: every claim reaches the insurer exactly once
        List<String> first = submitClaims(20);
        awaitAllSent(first);
        Map<String, Long> seen = keysSeen();
        for (String claim : first) {
            assertEquals(1L, seen.getOrDefault(claim + "-1", 0L), "claim " + claim + " sent " + seen.get(claim + "-1") + " times");
        }

        // one instance dies with kill -9 while it is sending; the other takes its rows after the lease
        insurer.resetRequests();
        List<String> second = submitClaims(30);
        for (int i = 0; i < 200 && insurer.findAll(postRequestedFor(urlEqualTo(SUBMIT))).size() < 3; i++) {
            Thread.sleep(20);
        }
        a.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        RestAssured.port = b.port();
        awaitAllSent(second);
        seen = keysSeen();
        long twice = 0;
        for (String claim : second) {
            long n = seen.getOrDefault(claim + "-1", 0L);
            assertTrue(n >= 1, "claim " + claim + " never reached the insurer");
            twice += n - 1;
        }
        // only the rows A had in flight may go twice: one batch (RECEPTION_CLAIMS_DISPATCH_BATCH, 5), sent
        // several at a time; each again under its own idempotency key, so the insurer keeps one
        assertTrue(twice <= 5, twice + " claims were sent twice, more than the one batch in flight");
        System.out.printf("kill -9 test: %d claims re-taken after the dead instance's lease, %d sent twice%n",
                count("select count(*) from claim_outbox where attempts > 1 and claim_id in (" + second.stream()
                        .map(c -> "'" + c + "'").collect(Collectors.joining(",")) + ")"), twice);
        assertEquals(50, count("select count(*) from claim where status = 'accepted'"));
    }

    @Test
    @Order(5)
    void twoInstancesSweepingTheSameDayAskAboutEachVisitOnceAndARestartAsksNothingAgain() throws Exception {
        // A was killed above: it comes back, and both run the day-before job every second
        if (!a.process().isAlive()) {
            a = launch("a-restarted");
            ready(a);
        }
        String path = "/elig/CoverageEligibilityRequest/$submit";
        insurer.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(50)
                .withHeader("Content-Type", "application/fhir+json").withBody(FakeInsurer.inForce(true))));
        Map<String, Object> payer = Coverages.payerBody("commercial");
        payer.put("baseUrl", insurer.baseUrl() + "/elig");
        payer.put("eligibilityRateLimit", 1000);
        String payerId = Coverages.payer(payer);
        String location = Scheduling.location("UTC");
        List<String> practitioners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            practitioners.add(Scheduling.practitioner());
            Scheduling.everyDay(practitioners.get(i), location, "08:00", "18:00");
        }
        String type = Scheduling.visitType(10, 0, 0);
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        int visits = 200;
        List<String> coverages = new ArrayList<>();
        for (int i = 0; i < visits; i++) {
            String p = given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString()).body(Patients.aPatient().json())
                    .when().post("/api/v1/patients").then().statusCode(201).extract().path("id");
            coverages.add(given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Coverages.coverage(payerId, "MEM-ELIG-" + i, "primary"))
                    .when().post("/api/v1/patients/" + p + "/coverages").then().statusCode(201).extract().path("id"));
            Scheduling.post("/api/v1/appointments", Scheduling.booking(p, practitioners.get(i % 4), location, type,
                    tomorrow.atTime(8, 0).plusMinutes(10L * (i / 4)).toInstant(ZoneOffset.UTC).toString()),
                    Tokens.frontDesk());
        }
        String in = coverages.stream().map(c -> "'" + c + "'").collect(Collectors.joining(","));
        String answered = "select count(*) from eligibility_check where origin = 'day-before' and state = 'complete' "
                + "and coverage_id in (" + in + ")";
        for (int i = 0; i < 480 && count(answered) < visits; i++) {
            Thread.sleep(250);
        }
        assertEquals(visits, count(answered), "every visit's check answered within 120 s");
        assertEquals(visits, count("select count(*) from eligibility_check where coverage_id in (" + in + ")"));
        Map<String, Long> asked = membersAsked(path);
        assertEquals(visits, asked.size());
        assertTrue(asked.values().stream().allMatch(n -> n == 1), "each visit asked about once: " + asked);

        // B restarts; both go on sweeping the same day for a few seconds: nobody is asked again
        b.process().destroy();
        assertTrue(b.process().waitFor(40, TimeUnit.SECONDS));
        b = launch("b-restarted");
        ready(b);
        RestAssured.port = a.port();
        Thread.sleep(5000);
        assertEquals(visits, count("select count(*) from eligibility_check where coverage_id in (" + in + ")"));
        assertEquals(visits, membersAsked(path).values().stream().mapToLong(Long::longValue).sum());
    }

    /** How often the insurer was asked about each member id at this path. */
    private static Map<String, Long> membersAsked(String path) {
        java.util.regex.Pattern member = java.util.regex.Pattern.compile("MEM-ELIG-[0-9]+");
        return insurer.findAll(postRequestedFor(urlEqualTo(path))).stream().map(r -> {
            java.util.regex.Matcher m = member.matcher(r.getBodyAsString());
            assertTrue(m.find(), "a request without a member id");
            return m.group();
        }).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static List<String> submitClaims(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instance to = i % 2 == 0 ? a : b;
            HttpResponse<String> r = send(to, "POST", "/fhir/Claim/$submit", Tokens.ehr(), "application/fhir+json", """
                    {"resourceType":"Claim","status":"active",
                     "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
                     "use":"claim","patient":{"reference":"Patient/%s"},"created":"2026-06-15","provider":{"display":"EHR"},
                     "priority":{"coding":[{"code":"normal"}]},
                     "insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/%s"}}],
                     "diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9"}]}}],
                     "item":[{"sequence":1,"diagnosisSequence":[1],"productOrService":{"coding":[{"code":"99971"}]},
                              "servicedDate":"2026-06-15","quantity":{"value":1},"net":{"value":100,"currency":"USD"}}]}"""
                    .formatted(patient, coverage));
            assertTrue(r.statusCode() / 100 == 2, "Claim/$submit answered " + r.statusCode() + ": " + r.body());
            // the answer is a queued ClaimResponse whose request names the claim
            String request = io.restassured.path.json.JsonPath.from(r.body()).getString("request.reference");
            ids.add(request.substring("Claim/".length()));
        }
        return ids;
    }

    private static void awaitAllSent(List<String> claims) throws Exception {
        String in = claims.stream().map(c -> "'" + c + "'").collect(Collectors.joining(","));
        for (int i = 0; i < 480; i++) {
            if (count("select count(*) from claim_outbox where claim_id in (" + in + ") and state = 'sent'") == claims.size()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(count("select count(*) from claim_outbox where claim_id in (" + in + ") and state <> 'sent'")
                + " of " + claims.size() + " claims not delivered within 120 s");
    }

    private static Map<String, Long> keysSeen() {
        return insurer.findAll(postRequestedFor(urlEqualTo(SUBMIT))).stream()
                .map((LoggedRequest r) -> r.getHeader("Idempotency-Key"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
