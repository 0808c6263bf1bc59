package org.frontdesk.reception.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.shared.Hmac;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts one notification to a subscriber's endpoint: the channel's headers, the HMAC signature
 * when the subscription has a secret, its timeout, no redirects followed. Each endpoint (scheme,
 * host and port) has a circuit: after {@code circuit-failures} failures in a row its deliveries
 * wait {@code circuit-delay} without being tried, so one EHR that is down costs the others
 * nothing.
 */
@ApplicationScoped
class NotificationSender {

    /** The signature header: {@code sha256=<hex HMAC-SHA256 of the body>} with the subscription's secret. */
    static final String SIGNATURE = "X-Notification-Signature";
    private static final int MAX_ORIGINS = 10_000;

    /** What a post came to: sent (2xx), failed (why), or held by the endpoint's open circuit until a time. */
    record Outcome(boolean delivered, int status, String failure, Instant heldUntil) {
    }

    @Inject NotificationsConfig config;
    @Inject Clock clock;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private record Circuit(int failures, Instant openUntil) {
    }

    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    /**
     * Posts a body. The circuit is the client's own for the endpoint's origin (one client's failing
     * subscriptions never pause another client's deliveries to the same host).
     */
    Outcome post(String clientId, String endpoint, String contentType, List<String> headers, String secret,
                 int timeoutSeconds, byte[] body) {
        Outcome o;
        String origin = clientId + " " + endpoint;
        try {
            URI uri = URI.create(endpoint);
            origin = clientId + " " + uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
            Circuit c = circuits.get(origin);
            Instant now = clock.instant();
            if (c != null && c.openUntil() != null && now.isBefore(c.openUntil())) {
                return new Outcome(false, 0, "held: the endpoint failed " + c.failures() + " times in a row", c.openUntil());
            }
            HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeoutSeconds))
                    .header("Content-Type", contentType + "; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : headers) {
                int colon = h.indexOf(':');
                r.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
            if (secret != null) {
                r.header(SIGNATURE, "sha256=" + HexFormat.of().formatHex(Hmac.sha256(secret, body)));
            }
            // the status is all we read: the body is never waited for (an endpoint that trickles it
            // can't hold a delivery thread past the timeout, which ends at the headers)
            HttpResponse<java.io.InputStream> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
            answer.body().close();
            int status = answer.statusCode();
            o = status >= 200 && status < 300 ? new Outcome(true, status, null, null)
                    : new Outcome(false, status, "the endpoint answered HTTP " + status, null);
        } catch (java.net.http.HttpTimeoutException e) {
            o = new Outcome(false, 0, "no answer within " + timeoutSeconds + " s", null);
        } catch (IOException e) {
            o = new Outcome(false, 0, "the endpoint could not be reached (" + e.getClass().getSimpleName() + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            o = new Outcome(false, 0, "interrupted", null);
        } catch (IllegalArgumentException e) {
            o = new Outcome(false, 0, "the endpoint can't be called with these settings", null);
        }
        record(origin, o.delivered());
        return o;
    }

    private void record(String origin, boolean delivered) {
        if (delivered) {
            circuits.remove(origin);
            return;
        }
        if (circuits.size() > MAX_ORIGINS) {
            circuits.clear(); // bounded: forgetting circuits costs a few extra tries, never a delivery
        }
        circuits.compute(origin, (o, old) -> {
            int failures = old == null ? 1 : old.failures() + 1;
            return new Circuit(failures, failures >= config.circuitFailures()
                    ? clock.instant().plus(config.circuitDelay()) : null);
        });
    }

    /** Forgets every circuit (tests that bring an endpoint back). */
    void reset() {
        circuits.clear();
    }

}
