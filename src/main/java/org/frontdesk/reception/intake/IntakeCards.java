package org.frontdesk.reception.intake;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.patient.DocumentService;
import org.frontdesk.reception.shared.ContentStore;
import org.frontdesk.reception.shared.StoredFile;
import org.frontdesk.reception.shared.Upload;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Photos of the insurance card a patient sends with a form link: at most one per side and link
 * (a new photo replaces the earlier one, whose bytes are deleted), taken only while the link is
 * usable. Submitting the form proposes them to the desk ({@link ProposedChanges}); they become a
 * coverage's card images only when the desk accepts. Sending the form again moves them to the new
 * link ({@link IntakeLinks#send}). The bytes of photos nobody will look at are deleted: those of a
 * rejected proposal at once, those of a link that ended unused a day after it did.
 */
@ApplicationScoped
class IntakeCards {

    static final List<String> SIDES = List.of("front", "back");
    /** How long the photos of a link that ended unused are kept (the desk may still send the form again). */
    static final Duration UNUSED_KEPT_FOR = Duration.ofDays(1);

    @Inject IntakeLinks links;
    @Inject ContentStore contents;
    @Inject EntityManager em;
    @Inject Clock clock;

    /**
     * Keeps a photo of one side of the card for the token's link: 415 unless an image, 410 for a
     * link that can't be used. The bytes are written before the link's row is locked, so the lock
     * (which the submission takes too) is held only to swap the photo in.
     */
    @Transactional
    IntakeCardImage keep(String token, String side, Upload image) {
        DocumentService.requireCardImage(image.mediaType());
        links.check(token);
        StoredFile file = contents.keep(image);
        IntakeLink link = links.usableLocked(token);
        IntakeCardImage earlier = IntakeCardImage.find("linkId = ?1 and side = ?2", link.id, side).firstResult();
        if (earlier != null) {
            UUID bytes = earlier.contentId;
            earlier.delete();
            em.flush();
            contents.delete(bytes);
        }
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

    /** Deletes the bytes of a proposal's photos (rejected): what was sent (type, size, SHA-256) stays on the change. */
    void forget(List<UUID> imageIds) {
        for (UUID id : imageIds) {
            IntakeCardImage i = IntakeCardImage.findById(id);
            if (i != null && i.contentId != null && i.documentId == null) {
                UUID bytes = i.contentId;
                i.contentId = null;
                em.flush();
                contents.delete(bytes);
            }
        }
    }

    @Scheduled(every = "${reception.intake.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purgeScheduled() {
        purge();
    }

    /**
     * Deletes the photos (rows and bytes) of links that ended unused (expired, replaced or their
     * visit over) more than {@link #UNUSED_KEPT_FOR} ago; several instances may run it at once.
     * Answers how many photos went.
     */
    @Transactional
    int purge() {
        @SuppressWarnings("unchecked")
        List<Object> bytes = em.createNativeQuery("""
                        delete from intake_card_image where id in (
                            select i.id from intake_card_image i join intake_link l on l.id = i.link_id
                            where l.used_at is null and coalesce(l.revoked_at, l.expires_at) < ?1
                            for update of i skip locked)
                        returning content_id""")
                .setParameter(1, clock.instant().minus(UNUSED_KEPT_FOR)).getResultList();
        bytes.stream().filter(java.util.Objects::nonNull)
                .forEach(id -> contents.delete(id instanceof UUID u ? u : UUID.fromString(id.toString())));
        return bytes.size();
    }
}
