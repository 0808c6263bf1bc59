package org.frontdesk.reception.claims;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code reception.claims.*}: the practice as billing provider, and how the dispatcher retries. */
@ConfigMapping(prefix = "reception.claims")
public interface ClaimsConfig {

    /** The practice's (billing provider's) NPI; claims can't be built without it. */
    Optional<String> billingNpi();

    Optional<String> billingTaxonomy();

    @WithDefault("Front Desk Practice")
    String billingName();

    /** The practice's tax id (EIN, 9 digits): the billing provider's REF*EI in an 837P. */
    Optional<String> billingTaxId();

    /** The billing provider's street address (an 837P requires one; no PO box). */
    Address billingAddress();

    interface Address {
        @WithDefault("1 Main Street")
        String line();

        @WithDefault("Springfield")
        String city();

        @WithDefault("IL")
        String state();

        /** ZIP+4 (9 digits) as an 837P wants it. */
        @WithDefault("627011234")
        String zip();
    }

    /** The most claims one exported 837P batch may hold. */
    @WithDefault("20000")
    int maxBatchClaims();

    Clearinghouse clearinghouse();

    interface Clearinghouse {
        /** How often each clearinghouse is asked for the files waiting for us (999, 277CA, 835). */
        @WithDefault("5m")
        String pollEvery();
    }

    StatusInquiry statusInquiry();

    interface StatusInquiry {
        /** How often the job looks for claims to ask about (276). */
        @WithDefault("1h")
        String every();

        /** A claim with no answer for this long since it was sent (or last asked about) is asked about. */
        @WithDefault("P14D")
        Duration after();

        /** The most claims asked about per run. */
        @WithDefault("200")
        int batch();
    }

    /** CMS place-of-service code of the practice's visits (11 = office). */
    @WithDefault("11")
    String placeOfService();

    Dispatch dispatch();

    interface Dispatch {
        /** How often the dispatcher looks for claims to send. */
        @WithDefault("5s")
        String every();

        /** Rows one dispatcher takes at a time. */
        @WithDefault("20")
        int batch();

        /** How long a taken row is left to its dispatcher before another may take it (it died). */
        @WithDefault("PT2M")
        Duration claimFor();

        /** Attempts before the claim goes to needs-attention. */
        @WithDefault("8")
        int maxAttempts();

        /** Claims of one batch sent at once: a slow or timing-out insurer call doesn't hold up the others. */
        @WithDefault("8")
        int parallelism();

        /** First wait after a failed attempt; doubles each time, with up to 20 % jitter (LeasedRow#backoff). */
        @WithDefault("PT10S")
        Duration backoff();

        /** The longest wait between attempts. */
        @WithDefault("PT1H")
        Duration maxBackoff();
    }
}
