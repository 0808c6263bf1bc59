package org.frontdesk.reception.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Where;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The patient's consents, the one place they are written: the privacy notice and financial
 * policy acknowledgements, and consent to SMS and e-mail, which is the one source of
 * communication consent (reminders and every other message to a patient read it, through the
 * patient's {@code smsConsent}/{@code emailConsent}, computed from the current records).
 */
@ApplicationScoped
public class Consents {

    public static final Set<String> KINDS = Set.of("privacy-notice", "financial-policy", "sms", "email");
    static final Set<String> SOURCES = Set.of("desk", "ehr", "patient-form", "reply");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");
    /** A signature dated this far ahead of our clock is a clock skew; further is a mistake. */
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    @Inject EntityManager em;
    @Inject PatientService patients;
    @Inject PatientConfig config;
    @Inject Actors actors;
    @Inject Clock clock;

    /**
     * A decision to record.
     *
     * @param givenAt       when it was given; null for now
     * @param policyVersion the policy text's version; null for the configured current one
     * @param documentId    the signed document, or null
     */
    public record Decision(String kind, boolean permit, String policyVersion, Instant givenAt, UUID documentId,
                           String source) {
    }

    /**
     * Records a patient's decision on one policy in the caller's transaction: the kind's current
     * decision (if any) is superseded by it. The patient row is locked first, so two decisions at
     * once are recorded one after the other, never as two current ones.
     */
    @Transactional
    public PatientConsent record(UUID patientId, Decision d) {
        return record(patientId, d, false);
    }

    /**
     * @param patientChanged whether the caller changes the patient in this transaction anyway
     *                       ({@link PatientService}: a new version, announced); else an SMS or
     *                       e-mail decision makes the patient's new version itself, so a copy read
     *                       before it (a desk form, an EHR) can't write the old flags back over it
     *                       (412), and the EHRs hear of it
     */
    private PatientConsent record(UUID patientId, Decision d, boolean patientChanged) {
        List<FieldError> errors = new ArrayList<>();
        if (d.kind() == null || !KINDS.contains(d.kind())) {
            errors.add(new FieldError("/kind", "must be one of privacy-notice, financial-policy, sms, email"));
        }
        String version = d.policyVersion() == null ? config.consentPolicyVersion() : d.policyVersion().trim();
        if (!VERSION.matcher(version).matches()) {
            errors.add(new FieldError("/policyVersion", "must be 1 to 40 letters, digits, '.', '_' or '-'"));
        }
        Instant now = clock.instant();
        Instant given = d.givenAt() == null ? now : d.givenAt();
        if (given.isAfter(now.plus(SKEW)) || given.isBefore(EARLIEST)) {
            errors.add(new FieldError("/givenAt", "must not be in the future (nor before 1900)"));
        }
        if (d.documentId() != null) {
            Document signed = Document.findById(d.documentId());
            if (signed == null || !signed.patientId.equals(patientId)) {
                errors.add(new FieldError("/documentId", "is not one of this patient's documents"));
            } else if (signed.coverageId != null) {
                errors.add(new FieldError("/documentId", "is an insurance card image, not a signed policy"));
            }
        }
        if (!SOURCES.contains(d.source())) {
            throw new IllegalArgumentException("unknown consent source " + d.source());
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The consent is not valid.", errors);
        }
        // wait for anyone changing this patient (or its consents), then read it as it is now
        if (em.createNativeQuery("select id from patient where id = ?1 for update").setParameter(1, patientId)
                .getResultList().isEmpty()) {
            throw ProblemException.notFound("Patient", patientId);
        }
        Patient patient = patients.get(patientId);
        PatientConsent c = new PatientConsent();
        c.id = UUID.randomUUID();
        c.patientId = patientId;
        c.kind = d.kind();
        c.decision = d.permit() ? "permit" : "deny";
        c.policyVersion = version;
        c.givenAt = given;
        c.documentId = d.documentId();
        c.source = d.source();
        c.recordedAt = now;
        c.recordedBy = actors.current();
        PatientConsent before = current(patientId, d.kind());
        if (before != null) {
            before.supersededAt = now;
            before.supersededBy = c.id;
            em.flush(); // the old one stops being current before the new one is
        }
        c.persist();
        em.flush();
        if (!patientChanged && ("sms".equals(c.kind) || "email".equals(c.kind))) {
            if ("sms".equals(c.kind)) {
                patient.smsConsent = c.permits(); // read-only here: keeps the new version's snapshot true
            } else {
                patient.emailConsent = c.permits();
            }
            patient.consentUpdatedAt = c.givenAt;
            patients.touched(patient);
        }
        return c;
    }

    /** Withdraws consent to a channel (a STOP reply); nothing is recorded when there was none. */
    @Transactional
    public void withdraw(UUID patientId, String channel, String source) {
        PatientConsent now = current(patientId, channel);
        if (now != null && now.permits()) {
            record(patientId, new Decision(channel, false, now.policyVersion, null, null, source));
        }
    }

    /** Records the channels whose consent the desk or an EHR changed on the patient (create or update). */
    void recordChannels(UUID patientId, boolean smsBefore, boolean sms, boolean emailBefore, boolean email,
                        String source) {
        if (sms != smsBefore) {
            record(patientId, new Decision("sms", sms, null, null, null, source), true);
        }
        if (email != emailBefore) {
            record(patientId, new Decision("email", email, null, null, null, source), true);
        }
    }

    public PatientConsent get(UUID id) {
        return ProblemException.orNotFound(PatientConsent.findById(id), "Consent", id);
    }

    /** The kind's current decision, or null. */
    PatientConsent current(UUID patientId, String kind) {
        return PatientConsent.<PatientConsent>find("patientId = ?1 and kind = ?2 and supersededAt is null", patientId, kind)
                .firstResult();
    }

    /**
     * A page of a patient's decisions, newest first: of one kind or all; {@code current} true for
     * those in force, false for those superseded, null for both.
     */
    public PageResult<PatientConsent> of(UUID patientId, String kind, Boolean current, int offset, int count) {
        patients.get(patientId);
        if (kind != null && !KINDS.contains(kind)) {
            throw ProblemException.badRequest("/kind", "must be one of privacy-notice, financial-policy, sms, email");
        }
        Where w = new Where().and("patientId = ?", patientId).and("kind = ?", kind)
                .andIf(Boolean.TRUE.equals(current), "supersededAt is null")
                .andIf(Boolean.FALSE.equals(current), "supersededAt is not null");
        return PageResult.of(PatientConsent.find(w.query() + " order by recordedAt desc, id", w.args()), offset, count);
    }
}
