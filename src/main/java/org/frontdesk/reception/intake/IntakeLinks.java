package org.frontdesk.reception.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.enterprise.event.Observes;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentRescheduled;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.scheduling.AppointmentStatusChanged;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PatientMessage;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The links that send a form to a visit's patient: a 256-bit random token, of which only the
 * SHA-256 is kept, good for one form, one patient, one submission and a configured time. Sending
 * again revokes the visit's earlier links to the same form. Showing the form does not use the
 * link up (mail and SMS link scanners fetch links); submitting does, in the submission's
 * transaction ({@link IntakeResponses}).
 */
@ApplicationScoped
class IntakeLinks {

    static final String PURPOSE = "intake-form";
    private static final Set<String> CLOSED = Set.of("cancelled", "noshow", "entered-in-error", "fulfilled");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject IntakeForms forms;
    @Inject AppointmentService appointments;
    @Inject IntakeConfig config;
    @Inject Actors actors;
    @Inject Clock clock;
    @Inject Event<PatientMessage> messages;
    @Inject IntakeNews news;
    @Inject jakarta.persistence.EntityManager em;

    /** A link sent, with its form. */
    record Sent(IntakeLink link, IntakeForm form) {
    }

    /**
     * Sends a form for a visit: a new link for the visit's patient, the earlier ones to the same
     * form revoked, and the message asked for (sent, with consent and quiet hours respected, by
     * the reminders outbox, only if this transaction commits).
     */
    @Transactional
    Sent send(UUID appointmentId, String questionnaire, String channel) {
        Appointment a = appointments.get(appointmentId);
        if (a.patientId == null) {
            throw new ProblemException(Problem.of(409, "/problems/visit-without-patient", "The visit has no patient",
                    "A form is sent to the visit's patient, and this time is held for nobody yet."));
        }
        if (channel != null && !Set.of("sms", "email").contains(channel)) {
            throw ProblemException.badRequest("/channel", "must be sms or email (or left out for the first the patient "
                    + "consented to)");
        }
        IntakeForm form = forms.byCanonical(questionnaire).filter(f -> f.status.equals("active"))
                .orElseThrow(() -> new ProblemException(Problem.of(422, "/problems/unknown-form", "No such form",
                        "No active form " + questionnaire + ".").withErrors(List.of(new FieldError("/questionnaire",
                        "must be the url|version of an active form")))));
        Instant now = clock.instant();
        // one sender at a time per visit and form: two sends at once would each revoke the other's
        // earlier link and both insert a live one (which intake_link_live refuses)
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 20))")
                .setParameter(1, "intake-link:" + a.id + "|" + form.id).getSingleResult();
        // the visit as it stays until this commits: a reschedule or cancellation under way is waited
        // for (and then seen), so the link is never left on a visit that just moved or ended
        if (!open(appointments.getShared(a.id))) {
            throw new ProblemException(Problem.of(409, "/problems/visit-closed", "The visit is over",
                    "This visit is " + a.status + "; a form goes with a visit still to come."));
        }
        IntakeLink earlier = IntakeLink.find("appointmentId = ?1 and formId = ?2 and usedAt is null and revokedAt is null",
                a.id, form.id).firstResult();
        IntakeLink.update("revokedAt = ?1 where appointmentId = ?2 and formId = ?3 and usedAt is null "
                + "and revokedAt is null", now, a.id, form.id);
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        IntakeLink link = new IntakeLink();
        link.id = UUID.randomUUID();
        link.tokenHash = hash(token);
        link.appointmentId = a.id;
        link.patientId = a.patientId;
        link.formId = form.id;
        link.createdAt = now;
        link.createdBy = actors.current();
        link.expiresAt = now.plus(config.linkValidFor());
        link.messageId = UUID.randomUUID();
        link.persist();
        if (earlier != null) {
            // card photos the patient already sent with the link replaced are not asked for again
            em.flush();
            IntakeCardImage.update("linkId = ?1 where linkId = ?2", link.id, earlier.id);
        }
        String title = form.title == null ? "a form" : "\"" + form.title + "\"";
        messages.fire(new PatientMessage(link.messageId, a.patientId, a.locationId, PURPOSE, link.id, channel,
                "A form to fill in before your visit",
                "Please fill in " + title + " before your visit: " + config.linkBase() + "#t=" + token,
                link.expiresAt));
        news.visitChanged(a.id, "sent");
        return new Sent(link, form);
    }

    /**
     * The link of a token still to be used, marked opened: showing the form. The same answer (410)
     * for a token that never was, was used, expired or was replaced: no oracle.
     */
    @Transactional
    Sent open(String token) {
        IntakeLink link = usable(token);
        if (link.openedAt == null) {
            link.openedAt = clock.instant();
            news.visitChanged(link.appointmentId, "opened");
        }
        return new Sent(link, forms.get(link.formId));
    }

    /**
     * A visit that won't happen (cancelled, no-show, entered in error) revokes its live links, in the
     * changing transaction. The old visit of a reschedule is not one: its form follows it to the new
     * time ({@link #onRescheduled}, in the same transaction).
     */
    void onStatusChange(@Observes AppointmentStatusChanged change) {
        if ((change.to() == AppointmentStatus.CANCELLED && !AppointmentService.RESCHEDULED.equals(change.reason()))
                || change.to() == AppointmentStatus.NOSHOW || change.to() == AppointmentStatus.ENTERED_IN_ERROR) {
            IntakeLink.update("revokedAt = ?1 where appointmentId = ?2 and usedAt is null and revokedAt is null",
                    clock.instant(), change.appointmentId());
        }
    }

    /**
     * A rescheduled visit keeps its form: the links sent (a live one still works, now for the new
     * time), the answers and the changes they propose move to the new appointment, so the desk
     * neither sends the form again nor loses what the patient already answered. A response by
     * link moves with its link (the foreign key cascades); one from the desk or an EHR names no visit.
     */
    void onRescheduled(@Observes AppointmentRescheduled moved) {
        IntakeLink.update("appointmentId = ?1 where appointmentId = ?2", moved.to(), moved.from());
        ProposedChange.update("appointmentId = ?1, version = version + 1, updatedAt = ?3, updatedBy = ?4 "
                + "where appointmentId = ?2", moved.to(), moved.from(), clock.instant(), actors.current());
    }

    private static boolean open(Appointment a) {
        return !CLOSED.contains(a.status);
    }

    /** Whether a visit still takes answers: not cancelled, no-show, entered in error or over. */
    boolean visitOpen(UUID appointmentId) {
        return open(appointments.get(appointmentId));
    }

    private IntakeLink usable(String token) {
        return usable(token, jakarta.persistence.LockModeType.NONE);
    }

    /** The same 410 as {@link #open} for a token that can't be used; nothing is marked. */
    void check(String token) {
        usable(token);
    }

    /**
     * The link of a token still to be used, its row locked until the transaction ends: what is sent
     * with it (a card photo) and the submission that uses it up take turns, so nothing sent with a
     * link is left out of the response that uses it.
     */
    IntakeLink usableLocked(String token) {
        return usable(token, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    private IntakeLink usable(String token, jakarta.persistence.LockModeType lock) {
        if (!wellFormed(token)) {
            throw gone();
        }
        IntakeLink link = IntakeLink.<IntakeLink>find("tokenHash = ?1", (Object) hash(token)).withLock(lock).firstResult();
        if (link == null || link.usedAt != null || link.revokedAt != null || !link.expiresAt.isAfter(clock.instant())
                || !visitOpen(link.appointmentId)) {
            throw gone();
        }
        return link;
    }

    /** The visit's links, newest first. */
    List<IntakeLink> ofVisit(UUID appointmentId) {
        return IntakeLink.list("appointmentId = ?1 order by createdAt desc", appointmentId);
    }

    static boolean wellFormed(String token) {
        return token != null && token.length() == 43 && token.matches("[A-Za-z0-9_-]+");
    }

    static ProblemException gone() {
        return new ProblemException(Problem.of(410, "/problems/intake-link-gone", "This link can't be used",
                "This link has expired, was replaced by a newer one, or was already used. Ask the practice for a new one."));
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
