package org.frontdesk.reception.notifications;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code reception.notifications.*}: subscription delivery and the desk's live feed. */
@ConfigMapping(prefix = "reception.notifications")
public interface NotificationsConfig {

    /**
     * Host names a subscription endpoint may name over plain http and at a local or private
     * address (dev and tests: {@code localhost}). Empty in production: https to public addresses
     * only, the same checks as payer URLs.
     */
    Optional<List<String>> insecureHosts();

    /** The FHIR base URL EHRs reach us at: notifications name resources and subscriptions by it. */
    @WithDefault("http://localhost:8080/fhir")
    String fhirBase();

    /** Failed deliveries in a row after which a subscription goes to {@code error}. */
    @WithDefault("5")
    int maxFailures();

    /** First wait after a failed delivery; doubles each time, up to {@link #retryCap}. */
    @WithDefault("PT2S")
    Duration retryBase();

    @WithDefault("PT5M")
    Duration retryCap();

    /** How long one delivery may hold a subscription before another instance may take it over. */
    @WithDefault("PT2M")
    Duration lease();

    /** Subscriptions delivered at once by one instance. */
    @WithDefault("8")
    int parallelism();

    /** How often the delivery and publishing loops look for work they were not woken for. */
    @WithDefault("1s")
    String pollEvery();

    /** How long changes are kept for the desk feed's resume ({@code Last-Event-ID}) and delivered events for $status. */
    @WithDefault("P2D")
    Duration retention();

    /** How often changes older than the retention are deleted. */
    @WithDefault("1h")
    String purgeEvery();

    /** Heartbeat comment on every desk feed connection this often. */
    @WithDefault("PT15S")
    Duration deskHeartbeat();

    /** Open desk feed connections one instance serves; more are refused with 503. */
    @WithDefault("1000")
    int maxDeskConnections();

    /** The shortest heartbeat period a subscription may ask for (seconds). */
    @WithDefault("10")
    int minHeartbeatSeconds();

    /** Subscriptions one client may hold. */
    @WithDefault("200")
    int maxSubscriptionsPerClient();

    /** Failures in a row to one endpoint (scheme, host and port) that open its circuit. */
    @WithDefault("5")
    int circuitFailures();

    /** How long an open endpoint circuit holds deliveries to it before trying again. */
    @WithDefault("PT30S")
    Duration circuitDelay();
}
