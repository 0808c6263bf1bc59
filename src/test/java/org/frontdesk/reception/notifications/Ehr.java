package org.frontdesk.reception.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.frontdesk.reception.security.Tokens;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

/**
 * A fake EHR for subscription tests: a real HTTP server (WireMock) that takes notifications, and
 * helpers to subscribe to it and read what it got.
 */
final class Ehr {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String IG = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    static final String TOPICS = "http://frontdesk.example.org/fhir/SubscriptionTopic/";
    private static WireMockServer server;

    private Ehr() {
    }

    static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            server.start();
        }
        return server;
    }

    /** A notification as the EHR got it: its type, status, count, each event's number and focus, and the raw request. */
    record Notification(String subscription, String type, String status, String eventsSince, List<Long> numbers,
                        List<String> focus, JsonNode bundle, LoggedRequest request) {
    }

    /** What the EHR got at {@code path} for one subscription, in arrival order. */
    static List<Notification> got(String path, String subscriptionId) {
        List<Notification> out = new ArrayList<>();
        List<LoggedRequest> requests = new ArrayList<>(server().findAll(anyRequestedFor(urlPathEqualTo(path))));
        for (LoggedRequest r : requests) {
            try {
                JsonNode b = JSON.readTree(r.getBodyAsString());
                JsonNode params = b.path("entry").get(0).path("resource").path("parameter");
                String sub = null;
                String type = null;
                String status = null;
                String since = null;
                List<Long> numbers = new ArrayList<>();
                List<String> focus = new ArrayList<>();
                for (JsonNode p : params) {
                    switch (p.path("name").asText()) {
                        case "subscription" -> sub = p.path("valueReference").path("reference").asText();
                        case "type" -> type = p.path("valueCode").asText();
                        case "status" -> status = p.path("valueCode").asText();
                        case "events-since-subscription-start" -> since = p.path("valueString").asText();
                        case "notification-event" -> {
                            for (JsonNode part : p.path("part")) {
                                if (part.path("name").asText().equals("event-number")) {
                                    numbers.add(Long.parseLong(part.path("valueString").asText()));
                                } else if (part.path("name").asText().equals("focus")) {
                                    String ref = part.path("valueReference").path("reference").asText();
                                    focus.add(ref.substring(ref.indexOf("/fhir/") + 6));
                                }
                            }
                        }
                        default -> {
                        }
                    }
                }
                if (sub != null && sub.endsWith("/Subscription/" + subscriptionId)) {
                    out.add(new Notification(sub, type, status, since, numbers, focus, b, r));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The event notifications only. */
    static List<Notification> events(String path, String subscriptionId) {
        return got(path, subscriptionId).stream().filter(n -> "event-notification".equals(n.type())).toList();
    }

    static void await(String what, BooleanSupplier condition) {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A Subscription body. */
    static Map<String, Object> subscription(String topic, List<String> filters, String endpoint, String content,
                                            Map<String, Object> channelExtras) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("resourceType", "Subscription");
        s.put("meta", Map.of("profile", List.of(IG + "backport-subscription")));
        s.put("status", "requested");
        s.put("reason", "test");
        s.put("criteria", topic.startsWith("http") ? topic : TOPICS + topic);
        if (!filters.isEmpty()) {
            s.put("_criteria", Map.of("extension", filters.stream().map(f -> Map.of("url", IG + "backport-filter-criteria",
                    "valueString", f)).toList()));
        }
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("type", "rest-hook");
        channel.put("endpoint", endpoint);
        channel.put("payload", "application/fhir+json");
        channel.put("_payload", Map.of("extension", List.of(Map.of("url", IG + "backport-payload-content",
                "valueCode", content))));
        channel.putAll(channelExtras);
        s.put("channel", channel);
        return s;
    }

    static io.restassured.response.Response create(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/fhir+json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body).when().post("/fhir/Subscription");
    }

    static String subscribe(Map<String, Object> body) {
        return create(Tokens.ehr(), body).then().statusCode(201).extract().path("id");
    }

    static String status(String token, String id) {
        return given().auth().oauth2(token).accept("application/fhir+json").when().get("/fhir/Subscription/" + id)
                .then().statusCode(200).extract().path("status");
    }

    static String endpoint(String path) {
        return server().baseUrl() + path;
    }

    static Map<String, Object> extras(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
