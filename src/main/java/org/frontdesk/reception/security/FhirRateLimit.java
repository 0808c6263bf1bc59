package org.frontdesk.reception.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.frontdesk.reception.shared.Errors;
import org.frontdesk.reception.shared.Problem;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits each client of the /fhir face to a sustained rate with a burst (a token bucket per
 * client: the token's client id, or the address of an anonymous caller), and each address on the
 * calls anyone may make without logging in (a patient's intake form), answering 429 with
 * Retry-After when it is spent. The buckets are per instance: with N replicas a client may make
 * up to N times the rate, which is the intent (protect each instance), not a quota.
 */
@ApplicationScoped
public class FhirRateLimit {

    /** The calls anyone may make without logging in, limited per address. */
    static final String PUBLIC_PATHS = "/api/v1/intake/";

    private final SecurityConfig.FhirRateLimit config;
    private final SecurityConfig.PublicRateLimit publicConfig;
    private final Map<String, Bucket> publicBuckets = new ConcurrentHashMap<>();
    private final CurrentIdentityAssociation identities;
    private final Errors errors;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public FhirRateLimit(SecurityConfig config, CurrentIdentityAssociation identities, Errors errors) {
        this.config = config.fhirRateLimit();
        this.publicConfig = config.publicRateLimit();
        this.identities = identities;
        this.errors = errors;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request, HttpHeaders headers, RoutingContext routing) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith(PUBLIC_PATHS)) {
            if (!publicConfig.enabled()) {
                return Uni.createFrom().nullItem();
            }
            var remote = routing.request().remoteAddress();
            long wait = take(publicBuckets, "address:" + (remote == null ? "unknown" : remote.hostAddress()),
                    publicConfig.requestsPerMinute(), publicConfig.burst());
            return Uni.createFrom().item(wait == 0 ? null : errors.render(Problem.of(429, "/problems/rate-limited",
                    "Too many requests", "Too many requests from this address; retry after " + wait + " s.")
                    .with("retryAfterSeconds", wait), path, headers));
        }
        if (!config.enabled() || !(path.equals("/fhir") || path.startsWith("/fhir/"))) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().onItem().transform(identity -> {
            String client = null;
            if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt) {
                Object azp = jwt.getClaim("azp");
                client = azp != null ? azp.toString() : jwt.getSubject();
            }
            if (client == null) {
                var remote = routing.request().remoteAddress();
                client = "address:" + (remote == null ? "unknown" : remote.hostAddress());
            }
            long wait = take(client);
            if (wait == 0) {
                return null;
            }
            return errors.render(Problem.of(429, "/problems/rate-limited", "Too many requests",
                    "This client is over its rate on the FHIR face; retry after " + wait + " s.")
                    .with("retryAfterSeconds", wait), path, headers);
        });
    }

    /** Takes one call from the client's bucket; 0 when allowed, else the seconds to wait. */
    long take(String client) {
        return take(buckets, client, config.requestsPerMinute(), config.burst());
    }

    /** Takes one call from the key's bucket of a limit; 0 when allowed, else the seconds to wait. */
    private static long take(Map<String, Bucket> buckets, String client, int perMinute, int burst) {
        double perSecond = perMinute / 60.0;
        if (buckets.size() > 10_000) {
            long idle = System.nanoTime() - 600_000_000_000L;
            buckets.values().removeIf(b -> b.updated < idle);
        }
        Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(burst));
        synchronized (b) {
            long now = System.nanoTime();
            b.tokens = Math.min(burst, b.tokens + (now - b.updated) / 1e9 * perSecond);
            b.updated = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - b.tokens) / perSecond);
        }
    }

    private static final class Bucket {
        double tokens;
        long updated = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }
    }
}
