package org.frontdesk.reception.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;

/**
 * In production the app refuses to start without what makes its tokens trustworthy: a key to
 * verify them, the issuer to expect, and a maximum token age. A running app that refuses every
 * call, or worse accepts tokens from any issuer, is found too late; a pod that does not start is
 * found by the rollout.
 */
@ApplicationScoped
class ProductionSettings {

    void check(@Observes StartupEvent e, Config config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> missing = missing(config);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", missing)
                    + ". See the README's Environment section.");
        }
    }

    /** What production needs and does not have, in words an operator acts on. */
    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        if (config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).filter(v -> !v.isBlank()).isEmpty()
                && config.getOptionalValue("mp.jwt.verify.publickey", String.class).filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("no token verification key (set MP_JWT_VERIFY_PUBLICKEY_LOCATION to the identity provider's JWKS URL)");
        }
        if (config.getOptionalValue("mp.jwt.verify.issuer", String.class).filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("no token issuer (set MP_JWT_VERIFY_ISSUER)");
        }
        long age = config.getOptionalValue("mp.jwt.verify.token.age", Long.class).orElse(0L);
        if (age <= 0) {
            missing.add("no maximum token age (set MP_JWT_VERIFY_TOKEN_AGE, in seconds)");
        }
        return missing;
    }
}
