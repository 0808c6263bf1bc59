package org.frontdesk.reception.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of access control beyond token verification (which is configured under {@code mp.jwt}). */
@ConfigMapping(prefix = "reception.security")
public interface SecurityConfig {

    /** Per-client limit on the /fhir face. */
    FhirRateLimit fhirRateLimit();

    interface FhirRateLimit {
        /** Whether /fhir calls are limited per client. */
        @WithDefault("true")
        boolean enabled();

        /** Sustained calls per minute one client may make. */
        @WithDefault("1200")
        int requestsPerMinute();

        /** Calls a client may make at once above the sustained rate. */
        @WithDefault("200")
        int burst();
    }

    /**
     * Per-address limit on the calls anyone may make without logging in (a patient's intake form:
     * {@code /api/v1/intake/...}): lower than the FHIR face's, since no client stands behind them.
     */
    PublicRateLimit publicRateLimit();

    interface PublicRateLimit {
        /** Whether the public calls are limited per address. */
        @WithDefault("true")
        boolean enabled();

        /** Sustained calls per minute one address may make. */
        @WithDefault("60")
        int requestsPerMinute();

        /** Calls an address may make at once above the sustained rate. */
        @WithDefault("20")
        int burst();
    }
}
