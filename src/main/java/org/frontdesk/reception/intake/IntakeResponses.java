package org.frontdesk.reception.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Where;

import java.time.Instant;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Receiving a QuestionnaireResponse, one rule for every way it comes: by a patient's link, or
 * from the desk or an EHR through FHIR. It is checked against its form, kept, and its mapped
 * answers are staged as proposed changes, all in one transaction: a refused response leaves
 * nothing behind, and a link is used up only by a response that is kept.
 */
@ApplicationScoped
class IntakeResponses {

    @Inject IntakeFhirValidator validator;
    @Inject IntakeForms forms;
    @Inject ProposedChanges changes;
    @Inject PatientService patients;
    @Inject EntityManager em;
    @Inject Actors actors;
    @Inject Clock clock;
    @Inject IntakeNews news;
    @Inject IntakeLinks links;

    /**
     * A patient's response by link. The link is used up (only if unused, unrevoked and unexpired by
     * the app's clock, the one opening the form uses: one statement, so two submissions can't both
     * use it), and only while its visit is still to come, in the transaction that checks and keeps
     * the response, so an answer that doesn't fit (422) leaves the link usable to try again.
     */
    @Transactional
    IntakeResponse submitByLink(String token, String json) {
        if (!IntakeLinks.wellFormed(token)) {
            throw IntakeLinks.gone();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> used = em.createNativeQuery("""
                        update intake_link set used_at = ?2
                        where token_hash = ?1 and used_at is null and revoked_at is null and expires_at > ?2
                        returning cast(id as text), cast(patient_id as text), cast(appointment_id as text), cast(form_id as text)""")
                .setParameter(1, IntakeLinks.hash(token)).setParameter(2, clock.instant()).getResultList();
        if (used.isEmpty()) {
            throw IntakeLinks.gone();
        }
        Object[] row = used.get(0);
        UUID linkId = UUID.fromString((String) row[0]);
        UUID patientId = UUID.fromString((String) row[1]);
        UUID appointmentId = UUID.fromString((String) row[2]);
        if (!links.visitOpen(appointmentId)) {
            throw IntakeLinks.gone();
        }
        IntakeForm form = forms.get(UUID.fromString((String) row[3]));
        IntakeFhirValidator.Header header = validator.header(json);
        if (header.questionnaire() != null && !names(form, header.questionnaire())) {
            throw mismatch("/questionnaire", "This link is for the form " + form.canonical() + ", not another.");
        }
        if (header.subject() != null && !header.subject().equals("Patient/" + patientId)) {
            throw mismatch("/subject", "This link is for another patient's form.");
        }
        IntakeResponse kept = keep(form, patientId, appointmentId, linkId, validator.response(form.body, json,
                stamp(form, patientId, true)));
        news.visitChanged(appointmentId, "completed");
        return kept;
    }

    /** A response from the desk or an EHR: it names its form (url|version) and its patient. */
    @Transactional
    IntakeResponse submit(String json) {
        IntakeFhirValidator.Header header = validator.header(json);
        if (header.questionnaire() == null) {
            throw ProblemException.badRequest("/questionnaire", "A response names its form: url|version.");
        }
        IntakeForm form = forms.byCanonical(header.questionnaire()).orElseThrow(() -> new ProblemException(
                Problem.of(422, "/problems/unknown-form", "No such form", "No published form "
                        + header.questionnaire() + ".").withErrors(List.of(new FieldError("/questionnaire",
                        "must be the url|version of a published form")))));
        if (form.status.equals("draft")) {
            throw new ProblemException(Problem.of(422, "/problems/unknown-form", "The form is a draft",
                    form.canonical() + " is a draft: it takes no answers yet.")
                    .withErrors(List.of(new FieldError("/questionnaire", "is a draft"))));
        }
        String subject = header.subject();
        UUID patientId = org.frontdesk.reception.fhir.FhirReferences.localId(subject, "Patient");
        if (patientId == null || patients.find(patientId).isEmpty()) {
            throw new ProblemException(Problem.of(422, "/problems/unknown-patient", "No such patient",
                    "A response names its patient: subject Patient/<id> of one of ours.")
                    .withErrors(List.of(new FieldError("/subject", "must be one of our patients"))));
        }
        return keep(form, patientId, null, null, validator.response(form.body, json, stamp(form, patientId, false)));
    }

    /** What the server sets on a kept response: its form, patient, time received and (by link) the patient as source. */
    private IntakeFhirValidator.Stamp stamp(IntakeForm form, UUID patientId, boolean byPatient) {
        String patient = "Patient/" + patientId;
        return new IntakeFhirValidator.Stamp(form.canonical(), patient, byPatient ? patient : null, clock.instant());
    }

    private static boolean names(IntakeForm form, String canonical) {
        return canonical.equals(form.canonical()) || canonical.equals(form.url);
    }

    private static ProblemException mismatch(String pointer, String detail) {
        return new ProblemException(Problem.of(403, "/problems/intake-link-mismatch", "Not this link's form", detail)
                .withErrors(List.of(new FieldError(pointer, detail))));
    }

    private IntakeResponse keep(IntakeForm form, UUID patientId, UUID appointmentId, UUID linkId,
                                IntakeFhirValidator.CheckedResponse checked) {
        changes.checkCard(checked.extracted(), checked.places());
        IntakeResponse r = new IntakeResponse();
        r.id = UUID.randomUUID();
        r.formId = form.id;
        r.patientId = patientId;
        r.appointmentId = appointmentId;
        r.linkId = linkId;
        r.status = checked.status();
        r.body = checked.json();
        Instant now = clock.instant();
        r.created(actors.current(), now);
        r.persist();
        changes.stage(r, checked.extracted());
        return r;
    }

    IntakeResponse get(UUID id) {
        return ProblemException.orNotFound(id == null ? null : IntakeResponse.findById(id), "QuestionnaireResponse", id);
    }

    /** Responses of a patient and/or to a form: {@code questionnaire} is url|version, or a url for all its versions. */
    PageResult<IntakeResponse> search(UUID patientId, String questionnaire, Criteria c, int offset, int count) {
        List<UUID> formIds = questionnaire == null ? null : forms.idsNamed(questionnaire);
        Where w = c.applyTo(new Where(), "updatedAt").and("patientId = ?", patientId).andIn("formId in ?", formIds);
        return PageResult.of(IntakeResponse.find(w.query() + c.orderBy(java.util.Map.of("_lastUpdated", "updatedAt"),
                "createdAt desc, id"), w.args()), offset, count);
    }
}
