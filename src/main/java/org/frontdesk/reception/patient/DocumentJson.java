package org.frontdesk.reception.patient;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON of a patient's documents: their metadata; the bytes are only ever served by their content link. */
final class DocumentJson {

    private DocumentJson() {
    }

    /**
     * A document as the desk sees it.
     *
     * @param contentType judged from the content when it was taken (never what the sender said)
     * @param size        in bytes
     * @param sha256      of the bytes, hex; also the content's ETag
     * @param coverageId  the coverage a card image belongs to
     * @param content     where the bytes are served
     */
    public record DocumentView(UUID id, UUID patientId, DocumentKind kind, String title, String contentType, long size,
                               String sha256, UUID coverageId, Instant createdAt, String createdBy,
                               @Schema(description = "The path the bytes are served at") String content) {
    }

    /** One page of a patient's documents, newest first. */
    public record DocumentPage(List<DocumentView> items, int page, int size, long total) {
    }

    static DocumentView view(Document d) {
        return new DocumentView(d.id, d.patientId, DocumentKind.of(d.kind, "/kind"), d.title, d.contentType,
                d.sizeBytes, d.sha256, d.coverageId, d.createdAt, d.createdBy, d.contentPath());
    }
}
