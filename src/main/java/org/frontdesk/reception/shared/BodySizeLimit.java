package org.frontdesk.reception.shared;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared Content-Length exceeds the body limit with a readable 413
 * (problem+json, or an OperationOutcome on {@code /fhir}) before the body is read. Bodies sent
 * chunked without a length still hit the HTTP layer's own limit, which answers 413 too.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final String PROBLEM = "{\"type\":\"/problems/body-too-large\",\"title\":\"Request body too large\","
            + "\"status\":413,\"detail\":\"The request body exceeds the limit of %d bytes.\"}";
    private static final String OUTCOME = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"too-long\",\"diagnostics\":\"The request body exceeds the limit of %d bytes.\"}]}";

    private final long limit;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared <= limit) {
                ctx.next();
                return;
            }
            boolean fhir = ctx.normalizedPath().startsWith("/fhir");
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, fhir ? "application/fhir+json" : ProblemJsonRenderer.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(String.format(fhir ? OUTCOME : PROBLEM, limit));
        });
    }
}
