package org.frontdesk.reception.patient;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.frontdesk.reception.shared.Tracked;

import java.util.UUID;

/**
 * A file in a patient's record: what it is and what it is attached to, never its bytes, which
 * live apart ({@code shared.ContentStore}, by {@link #contentId}) so loading this loads no file.
 */
@Entity
@Table(name = "document")
public class Document extends Tracked {

    public UUID patientId;
    /** {@link DocumentKind}'s code. */
    public String kind;
    public String title;
    /** The type read from the content: application/pdf, image/jpeg, image/png or image/heic. */
    public String contentType;
    public long sizeBytes;
    /** SHA-256 of the bytes, hex. */
    public String sha256;
    /** SHA-1 of the bytes, hex (FHIR R4's Attachment.hash is SHA-1). */
    public String sha1;
    public UUID contentId;
    /** The coverage a card image belongs to; null for other kinds. */
    public UUID coverageId;

    /** Where the bytes are served on the {@code /api} face. */
    public String contentPath() {
        return "/api/v1/patients/" + patientId + "/documents/" + id + "/content";
    }
}
