package org.frontdesk.reception.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.patient.DocumentService;
import org.frontdesk.reception.shared.ContentStore;
import org.frontdesk.reception.shared.StoredFile;
import org.frontdesk.reception.shared.Upload;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Photos of the insurance card a patient sends with a form link: at most one per side and link
 * (a new photo replaces the earlier one, whose bytes are deleted), taken only while the link is
 * usable. Submitting the form proposes them to the desk ({@link ProposedChanges}); they become a
 * coverage's card images only when the desk accepts.
 */
@ApplicationScoped
class IntakeCards {

    static final List<String> SIDES = List.of("front", "back");

    @Inject IntakeLinks links;
    @Inject ContentStore contents;
    @Inject EntityManager em;
    @Inject Clock clock;

    /** Keeps a photo of one side of the card for the token's link: 415 unless an image, 410 for a link that can't be used. */
    @Transactional
    IntakeCardImage keep(String token, String side, Upload image) {
        DocumentService.requireCardImage(image.mediaType());
        IntakeLink link = links.usableLocked(token);
        IntakeCardImage earlier = IntakeCardImage.find("linkId = ?1 and side = ?2", link.id, side).firstResult();
        if (earlier != null) {
            UUID bytes = earlier.contentId;
            earlier.delete();
            em.flush();
            em.createNativeQuery("delete from stored_content where id = ?1").setParameter(1, bytes).executeUpdate();
        }
        StoredFile file = contents.keep(image);
        IntakeCardImage i = new IntakeCardImage();
        i.id = UUID.randomUUID();
        i.linkId = link.id;
        i.side = side;
        i.contentType = file.mediaType();
        i.sizeBytes = file.size();
        i.sha256 = file.sha256();
        i.sha1 = file.sha1();
        i.contentId = file.contentId();
        i.createdAt = clock.instant();
        i.persist();
        return i;
    }

    /** The photos sent with a link, front first. */
    List<IntakeCardImage> ofLink(UUID linkId) {
        return linkId == null ? List.of() : IntakeCardImage.list("linkId = ?1 order by side desc", linkId);
    }
}
