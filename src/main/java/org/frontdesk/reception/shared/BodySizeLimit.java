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

    private static final String LENGTH_REQUIRED = "{\"type\":\"/problems/length-required\",\"title\":\"Length required\","
            + "\"status\":411,\"detail\":\"Send the request body with a Content-Length.\"}";

    private final long limit;
    private final long fileLimit;

    /**
     * @param limit     the body limit of every call but X12 file uploads
     * @param fileLimit the limit of an X12 file upload ({@link #FILE_PATHS}); the HTTP layer's own
     *                  limit ({@code quarkus.http.limits.max-body-size}) is set to it
     */
    public BodySizeLimit(@ConfigProperty(name = "reception.http.max-body-size", defaultValue = "1M") MemorySize limit,
                         @ConfigProperty(name = "reception.x12.max-file-size", defaultValue = "64M") MemorySize fileLimit) {
        this.limit = limit.asLongValue();
        this.fileLimit = fileLimit.asLongValue();
    }

    /** The calls that take X12 files, whose bodies may be larger (and streamed without a length). */
    public static final java.util.List<String> FILE_PATHS = java.util.List.of("/api/v1/remittances", "/api/v1/x12/inbound");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            String path = ctx.normalizedPath();
            boolean file = FILE_PATHS.contains(path);
            long max = file ? fileLimit : limit;
            boolean fhir = path.startsWith("/fhir");
            if (declared < 0 && !file && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                // a body of unknown length would only be bounded by the (file-sized) HTTP limit
                ctx.response().setStatusCode(411)
                        .putHeader(HttpHeaders.CONTENT_TYPE, fhir ? "application/fhir+json" : ProblemJsonRenderer.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(fhir ? OUTCOME.replace("too-long", "required").replace("The request body exceeds the limit of %d bytes.",
                                "Send the request body with a Content-Length.") : LENGTH_REQUIRED);
                return;
            }
            if (declared <= max) {
                ctx.next();
                return;
            }
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, fhir ? "application/fhir+json" : ProblemJsonRenderer.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(String.format(fhir ? OUTCOME : PROBLEM, max));
        });
    }
}
