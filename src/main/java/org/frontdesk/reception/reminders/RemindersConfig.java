package org.frontdesk.reception.reminders;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "reception.reminders")
public interface RemindersConfig {

    /** Whether the reminder job runs on this instance. */
    @WithDefault("true")
    boolean enabled();

    /** How long before a visit reminders go; whole days count as calendar days in the location's zone. */
    @WithDefault("PT48H,PT2H")
    List<Duration> offsets();

    /** Quiet hours in each location's zone: no reminder goes between these (a due one goes just before). */
    @WithDefault("21:00")
    LocalTime quietStart();

    @WithDefault("08:00")
    LocalTime quietEnd();

    /**
     * Which adapter sends: {@code http} (the provider), {@code off} (nothing is sent; each reminder
     * is recorded as not sent) or {@code log} (development only: the app will not start with it in
     * production).
     */
    @WithDefault("log")
    String provider();

    Http http();

    /** How often the job plans and sends. */
    @WithDefault("30s")
    String every();

    @WithDefault("50")
    int batch();

    /** Lease of a taken reminder: another instance may send it after this (the first one died). */
    @WithDefault("PT2M")
    Duration claimFor();

    @WithDefault("5")
    int maxAttempts();

    /** First wait after a failed attempt; doubles each time, with up to 20 % jitter (LeasedRow#backoff). */
    @WithDefault("PT1M")
    Duration backoff();

    /** The longest wait between attempts. */
    @WithDefault("PT1H")
    Duration maxBackoff();

    /** The practice name in the message text. */
    @WithDefault("Front Desk Practice")
    String practiceName();

    interface Http {
        /** The provider's base URL; messages are POSTed to {@code <url>/messages}. */
        Optional<String> url();

        /** The provider's API key, sent as a Bearer token (set it from a secret: RECEPTION_REMINDERS_HTTP_API_KEY). */
        Optional<String> apiKey();

        @WithDefault("5000")
        int timeoutMs();

        /** The secret the provider signs replies with (HMAC-SHA256); set it from a secret: RECEPTION_REMINDERS_HTTP_WEBHOOK_SECRET. */
        Optional<String> webhookSecret();
    }
}
