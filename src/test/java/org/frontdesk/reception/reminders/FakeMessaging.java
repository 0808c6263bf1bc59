package org.frontdesk.reception.reminders;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A real HTTP messaging provider for tests (WireMock on a dynamic port): the app sends reminders
 * to it through the http adapter with an API key.
 */
public class FakeMessaging implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "test-messaging-key";
    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        return Map.of("reception.reminders.provider", "http",
                "reception.reminders.http.url", server.baseUrl() + "/v1",
                "reception.reminders.http.api-key", API_KEY,
                "reception.reminders.http.timeout-ms", "1000");
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
}
