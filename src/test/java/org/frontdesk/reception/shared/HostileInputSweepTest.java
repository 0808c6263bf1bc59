package org.frontdesk.reception.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.frontdesk.reception.security.DefaultTokens;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input against every operation of both faces, generated from the frontend's contract
 * (openapi/openapi.yaml) and the FHIR CapabilityStatement: wrong types, missing and extra fields,
 * huge strings and numbers, deep nesting, bad dates and zones, unknown enums, wrong content types,
 * injection strings, with every role and none. Not one answer may be a 5xx, show a stack trace or
 * SQL, or leave the face's error format (problem+json on /api, an OperationOutcome on /fhir).
 */
@QuarkusTest
class HostileInputSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CALLERS = List.of("none", Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN,
            Roles.EHR_SYSTEM, Roles.MESSAGING, Roles.INSURER);
    private static final List<String> VALUES = List.of("'; drop table patient; --", "../../../../etc/passwd",
            "%00%0d%0a", "x".repeat(3000), "-1", "99999999999999999999999", "1e999999", "2026-13-45",
            "Mars/Olympus", "NOT_AN_ENUM", "<script>alert(1)</script>", "${jndi:ldap://x/a}", " ", "null",
            UUID.randomUUID().toString(), "{{7*7}}", "\\u0000", "true");
    private static final String DEEP = "[".repeat(5000) + "]".repeat(5000);

    /** JSON bodies a hostile or broken client sends. */
    private static List<String> bodies() {
        List<String> b = new ArrayList<>();
        b.add("{}");
        b.add("[]");
        b.add("42");
        b.add("\"just a string\"");
        b.add("{\"unexpected\":\"field\",\"id\":\"" + UUID.randomUUID() + "\"}");
        b.add("{\"name\":\"" + "A".repeat(50_000) + "\"}");
        b.add("{\"amount\":1e999999,\"units\":123456789012345678901234567890,\"start\":\"yesterday\"}");
        b.add("{\"timeZone\":\"Mars/Olympus\",\"status\":\"NOT_AN_ENUM\",\"birthDate\":\"1990-02-30\"}");
        b.add("{\"a\":" + DEEP + "}");
        b.add("{\"patientId\":\"'; drop table patient; --\",\"code\":\"${jndi:ldap://x/a}\"}");
        b.add("{\"broken\": ");
        b.add("{\"names\":[{\"family\":null,\"given\":[1,2,3]}],\"identifiers\":{}}");
        return b;
    }

    /** A client of its own every 100 requests, so the per-client rate limit lets the sweep reach the handlers. */
    private RequestSpecification as(String caller) {
        RequestSpecification r = given().config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs("application/fhir+json", io.restassured.http.ContentType.TEXT)
                .encodeContentTypeAs("application/json-patch+json", io.restassured.http.ContentType.TEXT)
                .appendDefaultContentCharsetToContentTypeIfUndefined(false)));
        r = r.filter(CLOSED_AT_THE_DOOR);
        if (caller.equals("none")) {
            return r.header(DefaultTokens.ANONYMOUS, "1");
        }
        return r.auth().oauth2(Tokens.of(caller, caller + "-sweep-" + (sent / 100), "system/*.cruds"))
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }

    /**
     * A request line over the server's limit is refused with 414 and the connection closed, and
     * under load the close can reach the client while it is still sending its headers (a broken
     * pipe, not an answer). Only for such a request is that counted, as status 0: refused at the
     * door. Any other failure to get an answer still fails the sweep.
     */
    private static final io.restassured.filter.Filter CLOSED_AT_THE_DOOR = (request, response, ctx) -> {
        try {
            return ctx.next(request, response);
        } catch (Exception e) {
            boolean closed = false;
            for (Throwable c = e; c != null; c = c.getCause()) {
                closed |= c instanceof java.net.SocketException;
            }
            if (closed && request.getURI().length() > 4000) {
                return new io.restassured.builder.ResponseBuilder().setStatusCode(0).setStatusLine("closed at the door")
                        .setBody("").build();
            }
            throw e;
        }
    };

    private int sent;
    private final List<String> wrong = new ArrayList<>();
    private final java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();

    private void check(String what, Response r, boolean fhir) {
        sent++;
        int status = r.statusCode();
        statuses.merge(status, 1, Integer::sum);
        String body = r.asString();
        String type = r.contentType() == null ? "" : r.contentType();
        if (status >= 500) {
            wrong.add(status + " " + what + ": " + abbreviate(body));
            return;
        }
        for (String leak : new String[] {"Exception", "\tat ", "at org.", "at java.", "org.hibernate", "PSQL",
                "SQLState", "syntax error at or near", "select ", "insert into"}) {
            if (body.contains(leak)) {
                wrong.add("leak '" + leak + "' " + what + ": " + abbreviate(body));
                return;
            }
        }
        if (status >= 400 && status != 413 && status != 414) {
            boolean format = fhir ? type.contains("fhir+json") && body.contains("OperationOutcome")
                    || type.contains("fhir+xml") && body.contains("OperationOutcome")
                    : type.contains("application/problem+json");
            if (!format) {
                wrong.add("format (" + type + ") " + status + " " + what + ": " + abbreviate(body));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    @Test
    void noHostileRequestGetsA5xxALeakOrAnotherErrorFormat() throws Exception {
        // the contract as the app serves it (the same as openapi/openapi.yaml: OpenApiContractTest)
        JsonNode openapi = JSON.readTree(given().header(DefaultTokens.ANONYMOUS, "1").queryParam("format", "json")
                .when().get("/q/openapi").then().statusCode(200).extract().asString());
        int caller = 0;
        Iterator<Map.Entry<String, JsonNode>> paths = openapi.get("paths").fields();
        while (paths.hasNext()) {
            var p = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = p.getValue().fields();
            while (methods.hasNext()) {
                var m = methods.next();
                String method = m.getKey().toUpperCase();
                List<String> queryParams = new ArrayList<>();
                m.getValue().path("parameters").forEach(param -> {
                    if ("query".equals(param.path("in").asText())) {
                        queryParams.add(param.path("name").asText());
                    }
                });
                for (int v = 0; v < VALUES.size(); v += 3) {
                    String value = VALUES.get(v);
                    String path = p.getKey().replaceAll("\\{[^}]+}", java.net.URLEncoder.encode(value.length() > 200
                            ? value.substring(0, 200) : value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
                    RequestSpecification r = as(CALLERS.get(caller++ % CALLERS.size())).urlEncodingEnabled(false);
                    for (String q : queryParams) {
                        r.queryParam(q, java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    check(method + " " + path, r.when().request(method, path), false);
                }
                if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                    String path = p.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                    for (String body : bodies()) {
                        String as = CALLERS.get(caller++ % CALLERS.size());
                        check(method + " " + path + " " + abbreviate(body), as(as).contentType(method.equals("PATCH")
                                ? "application/merge-patch+json" : "application/json").body(body).when()
                                .request(method, path), false);
                    }
                    check(method + " " + path + " as text", as(Roles.ADMIN).contentType("text/plain").body("hello")
                            .when().request(method, path), false);
                    check(method + " " + path + " as xml", as(Roles.FRONT_DESK).contentType("application/xml")
                            .body("<a><b/></a>").when().request(method, path), false);
                }
            }
        }
        int apiSent = sent;

        JsonNode cs = JSON.readTree(given().header(DefaultTokens.ANONYMOUS, "1").when().get("/fhir/metadata").asString());
        for (JsonNode r : cs.path("rest").get(0).path("resource")) {
            String type = r.path("type").asText();
            for (String value : VALUES) {
                String as = CALLERS.get(caller++ % CALLERS.size());
                String encoded = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
                check("GET /fhir/" + type + "/" + abbreviate(value), as(as).urlEncodingEnabled(false)
                        .when().get("/fhir/" + type + "/" + (value.length() > 200 ? value.substring(0, 200) : encoded)), true);
                StringBuilder query = new StringBuilder("?_count=" + encoded);
                for (JsonNode param : r.path("searchParam")) {
                    query.append('&').append(param.path("name").asText()).append('=').append(
                            value.length() > 500 ? encoded.substring(0, 500) : encoded);
                }
                check("GET /fhir/" + type + " search " + abbreviate(value), as(Roles.EHR_SYSTEM).urlEncodingEnabled(false)
                        .when().get("/fhir/" + type + query), true);
            }
            for (String body : bodies()) {
                String as = CALLERS.get(caller++ % CALLERS.size());
                check("POST /fhir/" + type + " " + abbreviate(body), as(as).contentType("application/fhir+json")
                        .body(body.replace("{}", "{\"resourceType\":\"" + type + "\"}")).when().post("/fhir/" + type), true);
                check("PUT /fhir/" + type + " " + abbreviate(body), as(Roles.EHR_SYSTEM).contentType("application/fhir+json")
                        .body(body).when().put("/fhir/" + type + "/" + UUID.randomUUID()), true);
                check("PATCH /fhir/" + type + " " + abbreviate(body), as(Roles.EHR_SYSTEM)
                        .contentType("application/json-patch+json").header("If-Match", "W/\"0\"").body(body)
                        .when().patch("/fhir/" + type + "/" + UUID.randomUUID()), true);
            }
            check("POST /fhir/" + type + " xml", as(Roles.EHR_SYSTEM).contentType("application/fhir+xml")
                    .body("<" + type + " xmlns=\"http://hl7.org/fhir\"><id value=\"x\"/><bogus/></" + type + ">")
                    .when().post("/fhir/" + type), true);
            check("POST /fhir/" + type + " text", as(Roles.EHR_SYSTEM).contentType("text/plain").body("hello")
                    .when().post("/fhir/" + type), true);
            for (JsonNode op : r.path("operation")) {
                for (String body : bodies()) {
                    check("POST /fhir/" + type + "/$" + op.path("name").asText(), as(Roles.EHR_SYSTEM)
                            .contentType("application/fhir+json").body(body)
                            .when().post("/fhir/" + type + "/$" + op.path("name").asText()), true);
                }
            }
        }
        for (String body : bodies()) {
            check("POST /fhir Bundle " + abbreviate(body), as(Roles.EHR_SYSTEM).contentType("application/fhir+json")
                    .body(body.replace("{}", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{}]}"))
                    .when().post("/fhir"), true);
        }
        System.out.printf("hostile-input sweep: %d requests (%d on /api, %d on /fhir), %d wrong; answers by status %s%n",
                sent, apiSent, sent - apiSent, wrong.size(), statuses);
        assertTrue(statuses.keySet().stream().filter(s -> s >= 400).count() >= 5, "the sweep reached too few kinds of "
                + "refusal to have tried much: " + statuses);
        assertTrue(sent >= 1000, "only " + sent + " requests were sent");
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong answers of " + sent + ":\n" + String.join("\n",
                wrong.subList(0, Math.min(wrong.size(), 60))));
    }
}
