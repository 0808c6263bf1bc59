package org.frontdesk.reception.fhir;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.frontdesk.reception.coding.CodeSets;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How many statements the database runs for one request of each hot path (counted by
 * PostgreSQL's pg_stat_statements, loaded into the test server: every round trip, transaction
 * control and the audit record included). A budget, not a timing: a change that adds round trips
 * to create, read, search, book or submit fails here, whatever the machine. Each count is the
 * smallest of several tries, so a background job that happens to run alongside doesn't count.
 * Writes that EHRs and desk screens are told of carry one more: the change_event row (issue 18).
 * Its publishing after the commit (marked {@code /* publish *}{@code /}, in a transaction of its
 * own, batched under load) is not the request's and is not counted.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementBudgetTest {

    private static final int TRIES = 4;
    private static final AtomicInteger SLOT = new AtomicInteger();

    @Inject AgroalDataSource dataSource;

    private String family;
    private String patientId;
    private String practitioner;
    private String location;
    private String visitType;
    private String coverage;

    /** Once, from the first test (RestAssured knows the test port only then). */
    private void setUp() throws Exception {
        if (patientId != null) {
            return;
        }
        sql("create extension if not exists pg_stat_statements");
        family = "Budget" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        for (int i = 0; i < 3; i++) {
            create(family, "Given" + i);
        }
        patientId = create(family, "Reader");
        location = Scheduling.location("UTC");
        practitioner = Scheduling.practitioner();
        visitType = Scheduling.visitType(10, 0, 0);
        Scheduling.everyDay(practitioner, location, "00:00", "23:50");
        String payer = Coverages.payer("commercial");
        coverage = Coverages.added(patientId, Coverages.coverage(payer, "B" + UUID.randomUUID().toString().substring(0, 8),
                "primary"));
        // code sets of a year no other test loads, so which version is in force on the day is certain
        CodeSets.ensure("icd10cm-order", "FY2021-BUDGET-TEST", CodeSets.write("icd-budget.txt",
                        CodeSets.icdOrderLine(1, "E11", false, "Type 2 diabetes mellitus")
                                + CodeSets.icdOrderLine(2, "E119", true, "Type 2 diabetes mellitus without complications")),
                "validFrom", "2021-01-01", "validTo", "2021-12-31");
        CodeSets.ensure("cpt", "CPT-BUDGET-TEST", CodeSets.write("cpt-budget.txt", "99972\tInvented procedure\n"),
                "validFrom", "2021-01-01", "validTo", "2021-12-31");
    }

    @Test
    void patientCreate() throws Exception {
        assertWithin("POST /fhir/Patient", 11, () -> create("Budgetnew" + SLOT.incrementAndGet(), "Anna"));
    }

    @Test
    void patientRead() throws Exception {
        assertWithin("GET /fhir/Patient/{id}", 3, () -> given().auth().oauth2(Tokens.ehr()).accept("application/fhir+json")
                .when().get("/fhir/Patient/" + patientId).then().statusCode(200));
    }

    @Test
    void patientSearch() throws Exception {
        assertWithin("GET /fhir/Patient?family=", 4, () -> given().auth().oauth2(Tokens.ehr())
                .accept("application/fhir+json").queryParam("family", family)
                .when().get("/fhir/Patient").then().statusCode(200));
    }

    @Test
    void booking() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        assertWithin("POST /api/v1/appointments", 16, () -> {
            int k = SLOT.incrementAndGet();
            String start = day.plusDays(k / 100).atTime(0, 0).plusMinutes(10L * (k % 100)).toString() + ":00Z";
            given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Scheduling.booking(patientId, practitioner, location, visitType, start))
                    .when().post("/api/v1/appointments").then().statusCode(201);
        });
    }

    @Test
    void claimSubmit() throws Exception {
        assertWithin("POST /fhir/Claim/$submit", 17, () -> given().auth().oauth2(Tokens.ehr())
                .contentType("application/fhir+json").body(claim("BUDGET-" + UUID.randomUUID()))
                .when().post("/fhir/Claim/$submit").then().log().ifValidationFails().statusCode(200));
    }

    // ------------------------------------------------------------------ helpers

    private void assertWithin(String what, int budget, Runnable call) throws Exception {
        setUp();
        call.run(); // warm: first-time work (caches, prepared statements) is not the steady state
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            sql("select pg_stat_statements_reset()");
            call.run();
            settle();
            counts.add(statements());
        }
        long least = counts.stream().mapToLong(Long::longValue).min().orElseThrow();
        String last = listing();
        System.out.printf("statement budget: %s ran %d statements (budget %d; tries %s)%n%s", what, least, budget, counts, last);
        assertTrue(least <= budget, what + " ran " + least + " statements; its budget is " + budget + " (tries: " + counts
                + "); the last try ran:\n" + last);
        assertTrue(least > 0, what + " ran no statement at all: the count is not working");
    }

    /** Waits until the change the call made is published (the publisher's work is then all in the counts). */
    private void settle() throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select /* budget */ count(*) from change_event where position is null")) {
                r.next();
                if (r.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
    }

    /** The statements run, less the publisher's (each of its transactions also counts a BEGIN) and ours. */
    private long statements() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     select coalesce(sum(s.calls) filter (where s.query not like '%/* publish */%'), 0)
                          - coalesce(sum(s.calls) filter (where s.query like '%/* publish */%pg_advisory_xact_lock%'), 0)
                     from pg_stat_statements s join pg_database d on d.oid = s.dbid
                     where d.datname = current_database() and s.query not ilike '%pg_stat_statements%'
                       and s.query not like '%/* budget */%'""")) {
            r.next();
            return r.getLong(1);
        }
    }

    private String listing() throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     select s.calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) from pg_stat_statements s
                     join pg_database d on d.oid = s.dbid
                     where d.datname = current_database() and s.query not ilike '%pg_stat_statements%'
                     order by s.calls desc, 2""")) {
            while (r.next()) {
                out.append("  ").append(r.getLong(1)).append(" × ").append(r.getString(2)).append('\n');
            }
        }
        return out.toString();
    }

    private void sql(String statement) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String create(String family, String given) {
        String body = """
                {"resourceType":"Patient","identifier":[{"system":"https://example.org/mrn","value":"%s"}],
                 "active":true,"name":[{"use":"official","family":"%s","given":["%s","Maria"]}],
                 "gender":"female","birthDate":"%s"}""".formatted(UUID.randomUUID(), family, given,
                LocalDate.of(1930, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().hashCode(), 30000)));
        return given().auth().oauth2(Tokens.ehr()).contentType("application/fhir+json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/fhir/Patient").then().statusCode(201).extract().path("id");
    }

    private String claim(String identifier) {
        String day = "2021-06-15";
        Map<String, String> v = Map.of("ID", identifier, "PATIENT", patientId, "COVERAGE", coverage, "DAY", day);
        String claim = """
                {"resourceType":"Claim","status":"active","identifier":[{"system":"urn:budget:claim","value":"ID"}],
                 "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
                 "use":"claim","patient":{"reference":"Patient/PATIENT"},"created":"DAY",
                 "provider":{"display":"EHR"},"priority":{"coding":[{"code":"normal"}]},
                 "insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/COVERAGE"}}],
                 "diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9"}]}}],
                 "item":[{"sequence":1,"diagnosisSequence":[1],"productOrService":{"coding":[{"code":"99972"}]},
                          "servicedDate":"DAY","quantity":{"value":1},"net":{"value":80,"currency":"USD"}}]}""";
        for (var e : v.entrySet()) {
            claim = claim.replace(e.getKey(), e.getValue());
        }
        return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":" + claim + "}]}";
    }
}
