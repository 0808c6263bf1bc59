package org.frontdesk.reception.shared;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.regex.Pattern;

/**
 * Refuses a request whose declared Content-Length exceeds the body limit with a readable 413
 * (problem+json, or an OperationOutcome on {@code /fhir}) before the body is read; a body without a
 * length (chunked, or HTTP/2 without Content-Length) is refused with 411. X12 files and documents
 * (card images) have limits of their own and may be sent without a length: their readers count
 * what arrives ({@link X12UploadReader}, {@link Uploads}). A FHIR DocumentReference larger than the
 * ordinary limit (a file inline in base64, held in the heap a few times over) is taken two at a
 * time; a third at once gets 503 with Retry-After.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final String PROBLEM = "{\"type\":\"/problems/body-too-large\",\"title\":\"Request body too large\","
            + "\"status\":413,\"detail\":\"The request body exceeds the limit of %d bytes.\"}";
    private static final String OUTCOME = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"too-long\",\"diagnostics\":\"The request body exceeds the limit of %d bytes.\"}]}";

    private static final String LENGTH_REQUIRED = "{\"type\":\"/problems/length-required\",\"title\":\"Length required\","
            + "\"status\":411,\"detail\":\"Send the request body with a Content-Length.\"}";

    private static final String BUSY = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"transient\",\"diagnostics\":\"Too many documents are being received at once: try again in a "
            + "few seconds, or upload the file to /api/v1/patients/{id}/documents, which streams it.\"}]}";

    /**
     * FHIR DocumentReference creates being received at once: each holds its file in the heap a few
     * times over (the JSON, the base64, the bytes), unlike the streamed {@code /api} uploads.
     */
    private final java.util.concurrent.atomic.AtomicInteger inlineDocuments = new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_INLINE_DOCUMENTS = 2;

    private final long limit;
    private final long fileLimit;
    private final long documentLimit;

    /**
     * @param limit     the body limit of every call but X12 file uploads
     * @param fileLimit the limit of an X12 file upload ({@link #FILE_PATHS}); the HTTP layer's own
     *                  limit ({@code quarkus.http.limits.max-body-size}) is set to it
     * @param documents     its max-size is the limit of a document or card image upload ({@link #DOCUMENT_PATHS});
     *                      a FHIR DocumentReference carrying it in base64 may be a third larger
     * @param httpLimit     the HTTP layer's own limit, which must not be below the others
     */
    public BodySizeLimit(@ConfigProperty(name = "reception.http.max-body-size", defaultValue = "1M") MemorySize limit,
                         @ConfigProperty(name = "reception.x12.max-file-size", defaultValue = "64M") MemorySize fileLimit,
                         DocumentConfig documents,
                         @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                         MemorySize httpLimit) {
        this.limit = limit.asLongValue();
        this.fileLimit = fileLimit.asLongValue();
        this.documentLimit = documents.maxSize().asLongValue();
        if (this.documentLimit > (1L << 30)) {
            throw new IllegalStateException("reception.documents.max-size is at most 1G");
        }
        long needed = Math.max(Math.max(this.limit, this.fileLimit), fhirDocumentLimit());
        if (httpLimit.asLongValue() < needed) {
            throw new IllegalStateException("quarkus.http.limits.max-body-size (" + httpLimit.asLongValue()
                    + " bytes) must be at least " + needed + " bytes: the largest body a call takes (X12 files, "
                    + "documents, a FHIR DocumentReference with its file in base64)");
        }
    }

    /** The calls that take X12 files, whose bodies may be larger (and streamed without a length). */
    public static final java.util.List<String> FILE_PATHS = java.util.List.of("/api/v1/remittances", "/api/v1/x12/inbound");

    /** The calls that take a document's or card image's bytes as the body: spooled and counted, so they may be chunked. */
    public static final Pattern DOCUMENT_PATHS = Pattern.compile(
            "/api/v1/(patients/[^/]+/documents|coverages/[^/]+/card/(front|back))");
    /**
     * A patient's card photo, sent with a form link and no login: a document's limit, but with a
     * Content-Length (411 without), and only {@value #MAX_PUBLIC_UPLOADS} at once per instance (503
     * beyond), so anonymous senders, however slow, hold a bounded number of workers and spool files.
     */
    public static final Pattern PUBLIC_UPLOAD_PATHS = Pattern.compile("/api/v1/intake/card/[^/]+");
    private static final int MAX_PUBLIC_UPLOADS = 4;
    private final java.util.concurrent.atomic.AtomicInteger publicUploads = new java.util.concurrent.atomic.AtomicInteger();
    private static final String PUBLIC_BUSY = "{\"type\":\"/problems/busy\",\"title\":\"Busy\",\"status\":503,"
            + "\"detail\":\"Too many photos are being received at once: try again in a few seconds.\"}";
    /** A FHIR DocumentReference created with its file in {@code content.attachment.data}. */
    private static final String FHIR_DOCUMENTS = "/fhir/DocumentReference";

    /** The largest DocumentReference taken: the file in base64 (a third larger) and room for the rest. */
    private long fhirDocumentLimit() {
        return (documentLimit + 2) / 3 * 4 + 64 * 1024;
    }

    /** Lets the call on while fewer than {@code max} such calls run at once (counted until each ends), else 503. */
    private static void atMost(io.vertx.ext.web.RoutingContext ctx, java.util.concurrent.atomic.AtomicInteger running,
                               int max, String contentType, String busy) {
        if (running.incrementAndGet() > max) {
            running.decrementAndGet();
            ctx.response().setStatusCode(503).putHeader("Retry-After", "5")
                    .putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(busy);
            return;
        }
        ctx.addEndHandler(done -> running.decrementAndGet());
        ctx.next();
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
            String path = ctx.normalizedPath();
            boolean document = DOCUMENT_PATHS.matcher(path).matches();
            boolean file = document || FILE_PATHS.contains(path);
            boolean publicUpload = PUBLIC_UPLOAD_PATHS.matcher(path).matches();
            long max = document || publicUpload ? documentLimit : file ? fileLimit
                    : path.equals(FHIR_DOCUMENTS) ? Math.max(limit, fhirDocumentLimit()) : limit;
            boolean fhir = path.startsWith("/fhir");
            boolean unknownLength = declared < 0 && (ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                    // HTTP/2 has no Transfer-Encoding: a body without a length is just sent
                    || (ctx.request().version() == io.vertx.core.http.HttpVersion.HTTP_2
                        && ctx.request().method() != io.vertx.core.http.HttpMethod.GET
                        && ctx.request().method() != io.vertx.core.http.HttpMethod.HEAD
                        && ctx.request().method() != io.vertx.core.http.HttpMethod.DELETE
                        && ctx.request().method() != io.vertx.core.http.HttpMethod.OPTIONS));
            if (unknownLength && !file) {
                // a body of unknown length would only be bounded by the (file-sized) HTTP limit
                ctx.response().setStatusCode(411)
                        .putHeader(HttpHeaders.CONTENT_TYPE, fhir ? "application/fhir+json" : ProblemJsonRenderer.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(fhir ? OUTCOME.replace("too-long", "required").replace("The request body exceeds the limit of %d bytes.",
                                "Send the request body with a Content-Length.") : LENGTH_REQUIRED);
                return;
            }
            if (declared <= max && publicUpload) {
                atMost(ctx, publicUploads, MAX_PUBLIC_UPLOADS, ProblemJsonRenderer.MEDIA_TYPE, PUBLIC_BUSY);
                return;
            }
            if (declared <= max && path.equals(FHIR_DOCUMENTS) && declared > limit) {
                atMost(ctx, inlineDocuments, MAX_INLINE_DOCUMENTS, "application/fhir+json", BUSY);
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
