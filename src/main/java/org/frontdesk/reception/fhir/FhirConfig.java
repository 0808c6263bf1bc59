package org.frontdesk.reception.fhir;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Settings of the FHIR face. */
@ConfigMapping(prefix = "reception.fhir")
public interface FhirConfig {

    /** The most entries a batch or transaction Bundle may hold. */
    @WithDefault("100")
    int bundleMaxEntries();

    /** SMART discovery: the identity provider's endpoints, published as they are configured. */
    Smart smart();

    interface Smart {
        /** The identity provider's token endpoint (required for SMART discovery to be published). */
        Optional<String> tokenEndpoint();

        /** Its authorization endpoint, when it offers one (systems use client credentials and need none). */
        Optional<String> authorizationEndpoint();

        /** Where its signing keys are published (JWKS). */
        Optional<String> jwksUri();

        /** Its token revocation endpoint, if any. */
        Optional<String> revocationEndpoint();

        /** How clients authenticate at the token endpoint. */
        @WithDefault("private_key_jwt,client_secret_basic")
        java.util.List<String> tokenEndpointAuthMethods();
    }
}
