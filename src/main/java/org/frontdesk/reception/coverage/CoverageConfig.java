package org.frontdesk.reception.coverage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code reception.coverage.*}: eligibility freshness, the practice as provider, and how insurers are called. */
@ConfigMapping(prefix = "reception.coverage")
public interface CoverageConfig {

    /** A visit's eligibility check older than this many days before the visit shows as stale. */
    @WithDefault("3")
    int eligibilityFreshDays();

    /** Benefit category asked about when the caller names none (X12 service type; 98 = office visit). */
    @WithDefault("98")
    String defaultBenefitCategory();

    /** The practice's NPI, sent as the provider of eligibility requests when set. */
    Optional<String> providerNpi();

    /** The practice's name, sent with the NPI. */
    Optional<String> providerName();

    Insurer insurer();

    /** Outbound calls to insurers; each payer has its own circuit breaker. */
    interface Insurer {
        /** Retries after a transient failure (connection refused or reset, 429, 502, 503, 504). */
        @WithDefault("2")
        int retries();

        /** First delay between retries; doubles each time. */
        @WithDefault("PT0.2S")
        Duration retryDelay();

        /** Calls in the circuit breaker's rolling window (a payer may set its own). */
        @WithDefault("20")
        int circuitVolume();

        /**
         * Share of failed calls in the window that opens the circuit (a payer may set its own): high
         * enough that a flaky insurer (some 500s and timeouts) is retried call by call, not cut off.
         */
        @WithDefault("0.8")
        double circuitFailureRatio();

        /** How long an open circuit refuses calls before trying one again. */
        @WithDefault("PT30S")
        Duration circuitDelay();

        /** A check still pending this long after its last attempt began is taken over by the job. */
        @WithDefault("PT2M")
        Duration pendingTakeover();

        /** Attempts (by the desk's call and then the job) before a check is closed as unknown. */
        @WithDefault("3")
        int maxAttempts();

        /**
         * Lets payers' URLs be plain http and point at local or private addresses: for dev mode and
         * tests (a fake insurer on localhost), never for production.
         */
        @WithDefault("false")
        boolean allowInsecureEndpoints();

        /** How often the job sends queued checks (the day-before job's) and interrupted ones. */
        @WithDefault("30s")
        String jobEvery();

        /**
         * Queued checks sent to one payer in each {@link #rateWindow} (a payer may set its own):
         * the rest wait for the next window, without using an attempt.
         */
        @WithDefault("10")
        int rateLimit();

        /** The window of {@link #rateLimit}: PT1S for checks per second, PT1M for checks per minute. */
        @WithDefault("PT1S")
        Duration rateWindow();

        /** Queued checks of a batch sent at once (each waits on its insurer). */
        @WithDefault("4")
        int parallelism();
    }
}
