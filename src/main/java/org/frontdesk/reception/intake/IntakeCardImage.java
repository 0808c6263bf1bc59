package org.frontdesk.reception.intake;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.frontdesk.reception.shared.StoredFile;

import java.time.Instant;
import java.util.UUID;

/** A photo of one side of an insurance card, sent by a patient with a form link; its bytes are stored content. */
@Entity
@Table(name = "intake_card_image")
public class IntakeCardImage extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID linkId;
    public String side;
    public String contentType;
    public long sizeBytes;
    public String sha256;
    public String sha1;
    public UUID contentId;
    public Instant createdAt;
    public UUID documentId;

    StoredFile file() {
        return new StoredFile(contentId, contentType, sizeBytes, sha256, sha1);
    }
}
