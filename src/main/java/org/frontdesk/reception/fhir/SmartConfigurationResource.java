package org.frontdesk.reception.fhir;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /fhir/.well-known/smart-configuration}: how a client gets a token, as SMART App
 * Launch 2 describes it, from the configured identity provider, and the scopes this server
 * honours. Without a configured token endpoint it is a 404: we never publish an invented URL.
 */
@Path("/fhir/.well-known/smart-configuration")
@PermitAll
public class SmartConfigurationResource {

    @Inject FhirConfig config;
    @Inject FhirEngine engine;
    @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer;

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> configuration() {
        FhirConfig.Smart smart = config.smart();
        if (smart.tokenEndpoint().isEmpty()) {
            throw new ProblemException(Problem.of(404, "/problems/not-found", "SMART discovery not configured",
                    "This server has no identity provider configured (reception.fhir.smart.token-endpoint)."));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        issuer.ifPresent(i -> out.put("issuer", i));
        smart.jwksUri().ifPresent(j -> out.put("jwks_uri", j));
        smart.authorizationEndpoint().ifPresent(a -> out.put("authorization_endpoint", a));
        out.put("token_endpoint", smart.tokenEndpoint().get());
        smart.revocationEndpoint().ifPresent(r -> out.put("revocation_endpoint", r));
        List<String> grants = new ArrayList<>(List.of("client_credentials"));
        if (smart.authorizationEndpoint().isPresent()) {
            grants.add("authorization_code");
            out.put("code_challenge_methods_supported", List.of("S256"));
        } else {
            out.put("code_challenge_methods_supported", List.of());
        }
        out.put("grant_types_supported", grants);
        out.put("token_endpoint_auth_methods_supported", smart.tokenEndpointAuthMethods());
        if (smart.tokenEndpointAuthMethods().contains("private_key_jwt")) {
            out.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
        }
        out.put("scopes_supported", scopes());
        List<String> capabilities = new ArrayList<>(List.of("permission-v1", "permission-v2"));
        if (smart.tokenEndpointAuthMethods().contains("private_key_jwt")) {
            capabilities.add("client-confidential-asymmetric");
        }
        if (smart.tokenEndpointAuthMethods().contains("client_secret_basic")) {
            capabilities.add("client-confidential-symmetric");
        }
        out.put("capabilities", capabilities);
        return out;
    }

    /** For each type, the SMART v2 system scope of exactly the permissions it offers. */
    private List<String> scopes() {
        List<String> scopes = new ArrayList<>();
        engine.types().values().stream().sorted(Comparator.comparing(FhirType::type)).forEach(t -> {
            StringBuilder letters = new StringBuilder();
            for (char c : "cruds".toCharArray()) {
                boolean offered = false;
                for (Interaction i : Interaction.values()) {
                    offered |= i.scope == c && t.capability().offers(i);
                }
                for (ResourceCapability.Operation o : t.capability().operations()) {
                    offered |= o.scope() == c;
                }
                if (offered) {
                    letters.append(c);
                }
            }
            if (!letters.isEmpty()) {
                scopes.add("system/" + t.type() + "." + letters);
            }
        });
        return scopes;
    }
}
