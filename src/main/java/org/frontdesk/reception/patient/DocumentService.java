package org.frontdesk.reception.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.StreamingOutput;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.ContentSniffer;
import org.frontdesk.reception.shared.ContentStore;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.StoredFile;
import org.frontdesk.reception.shared.Upload;
import org.frontdesk.reception.shared.Uploads;
import org.frontdesk.reception.shared.Where;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A patient's documents, the same for both faces and for the coverage's card images: a file is
 * taken only if its content is a PDF, JPEG, PNG or HEIC and is what its sender said
 * ({@link Uploads}), up to {@code reception.documents.max-size}; its metadata is a
 * {@link Document}, its bytes are kept by {@link ContentStore}.
 */
@ApplicationScoped
public class DocumentService {

    /** Card images are pictures: a PDF is no card. */
    private static final List<String> IMAGES = List.of(ContentSniffer.JPEG, ContentSniffer.PNG, ContentSniffer.HEIC);

    @Inject PatientService patients;
    @Inject ContentStore contents;
    @Inject Uploads uploads;
    @Inject Actors actors;
    @Inject Clock clock;

    /**
     * Adds a document to a patient's record from a spooled upload; a kind not given is other. Card
     * images are not taken here: they belong to a coverage ({@link #addCard}).
     */
    @Transactional
    public Document add(UUID patientId, String kind, String title, Upload upload) {
        DocumentKind k = kind == null ? DocumentKind.OTHER : DocumentKind.of(kind, "/kind");
        if (k.isCard()) {
            throw ProblemException.badRequest("/kind", "an insurance card image is added to its coverage "
                    + "(PUT /api/v1/coverages/{id}/card/front or back), not as a loose document");
        }
        String t = title(patientId, title); // before the bytes are written
        return store(patientId, k, t, contents.keep(upload), null);
    }

    /**
     * Adds a document whose bytes the caller holds (a FHIR attachment's {@code data}): spooled and
     * judged exactly as an upload is, then {@link #add(UUID, String, String, Upload)}.
     */
    @Transactional
    public Document add(UUID patientId, String kind, String title, String declaredType, InputStream bytes) {
        try (Upload upload = uploads.spool(bytes, declaredType)) {
            return add(patientId, kind, title, upload);
        }
    }

    /**
     * Keeps one side of a coverage's insurance card from bytes already stored (the coverage feature
     * links it): an image (JPEG, PNG or HEIC; 415 for a PDF) of the coverage's patient, attached to
     * the coverage.
     */
    @Transactional
    public Document addCard(UUID patientId, UUID coverageId, boolean front, StoredFile image) {
        requireCardImage(image.mediaType());
        return store(patientId, front ? DocumentKind.INSURANCE_CARD_FRONT : DocumentKind.INSURANCE_CARD_BACK,
                title(patientId, null), image, coverageId);
    }

    /** A 415 unless the type (judged by content) is one a card image may have. */
    public static void requireCardImage(String mediaType) {
        if (!IMAGES.contains(mediaType)) {
            throw new ProblemException(Problem.of(415, "/problems/unsupported-media-type", "Unsupported media type",
                    "An insurance card is an image: " + String.join(", ", IMAGES) + "; this file is "
                            + mediaType + ".").with("accepted", IMAGES));
        }
    }

    /** The title kept for a document of this patient (404 for no such patient, 400 for a title that can't be kept). */
    private String title(UUID patientId, String title) {
        patients.get(patientId);
        String t = title == null || title.isBlank() ? null : title.strip();
        if (t != null && (t.length() > 200 || t.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.badRequest("/title", "title must be at most 200 characters, without control characters");
        }
        return t;
    }

    /** Keeps a document whose patient and title were checked ({@link #title}). */
    private Document store(UUID patientId, DocumentKind kind, String t, StoredFile upload, UUID coverageId) {
        Document d = new Document();
        d.id = UUID.randomUUID();
        d.patientId = patientId;
        d.kind = kind.code();
        d.title = t;
        d.contentType = upload.mediaType();
        d.sizeBytes = upload.size();
        d.sha256 = upload.sha256();
        d.sha1 = upload.sha1();
        d.coverageId = coverageId;
        d.contentId = upload.contentId();
        Instant now = clock.instant();
        d.created(actors.current(), now);
        d.persist();
        return d;
    }

    public Document get(UUID id) {
        return ProblemException.orNotFound(id == null ? null : Document.<Document>findById(id), "Document", id);
    }

    /** A document of that patient: another patient's is not found here. */
    public Document get(UUID patientId, UUID id) {
        Document d = get(id);
        if (!d.patientId.equals(patientId)) {
            throw ProblemException.notFound("Document", id);
        }
        return d;
    }

    /** Documents by id, in no particular order (ids not found are left out). */
    public Map<UUID, Document> byIds(java.util.Collection<UUID> ids) {
        Map<UUID, Document> found = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            Document.<Document>list("id in ?1", List.copyOf(ids)).forEach(d -> found.put(d.id, d));
        }
        return found;
    }

    /**
     * A page of documents, newest first (or as the criteria sort): of a patient, attached to a
     * coverage, of some kinds; each criterion given must hold.
     */
    public PageResult<Document> search(UUID patientId, UUID coverageId, List<String> kinds, Criteria criteria,
                                       int offset, int limit) {
        if (kinds != null) {
            kinds.forEach(k -> DocumentKind.of(k, "/kind"));
        }
        Where where = criteria.applyTo(new Where(), "updatedAt").and("patientId = ?", patientId)
                .and("coverageId = ?", coverageId).andIn("kind in ?", kinds);
        String order = criteria.orderBy(Map.of("_lastUpdated", "updatedAt", "date", "createdAt"), "createdAt desc, id");
        return PageResult.of(Document.find(where.query() + order, where.args()), Math.max(offset, 0), limit);
    }

    /** The bytes, read from the database as the client takes them. */
    public StreamingOutput content(Document d) {
        return contents.stream(d.contentId, d.sizeBytes);
    }
}
