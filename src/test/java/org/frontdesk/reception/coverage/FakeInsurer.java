package org.frontdesk.reception.coverage;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A real HTTP insurer for tests: WireMock on a dynamic port, started once with the app. Tests
 * give each payer its own path prefix ({@code /<payer>/...}) so stubs and circuit breakers of
 * different tests never meet.
 */
public class FakeInsurer implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        return Map.of("reception.test.insurer-url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static WireMockServer server() {
        return server;
    }

    /**
     * An insurer's answer to an eligibility check (a validation CoverageEligibilityResponse) with
     * its outcome; {@code insurance} is the JSON after the insurer, with its leading comma, or "".
     */
    public static String answer(String outcome, String insurance) {
        return """
                {"resourceType":"CoverageEligibilityResponse","status":"active","purpose":["validation"],
                 "patient":{"reference":"#p"},"created":"2026-11-27","request":{"reference":"#r"},
                 "outcome":"%s","insurer":{"display":"Test insurer"}%s}""".formatted(outcome, insurance);
    }

    /** A complete answer: the coverage is in force, or not. */
    public static String inForce(boolean inforce) {
        return answer("complete", ",\"insurance\":[{\"inforce\":" + inforce + "}]");
    }
}
