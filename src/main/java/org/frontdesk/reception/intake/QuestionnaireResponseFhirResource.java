package org.frontdesk.reception.intake;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.PageResult;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;

import java.util.Set;
import java.util.UUID;

/**
 * Answered forms on the FHIR face: the desk or an EHR submits one (checked against its form like
 * a patient's, its mapped answers staged for the desk), and reads and searches them by patient
 * and form.
 */
@ApplicationScoped
class QuestionnaireResponseFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("QuestionnaireResponse")
            .interactions(Interaction.READ, Interaction.CREATE, Interaction.SEARCH)
            .common("_lastUpdated")
            .param("patient", "reference", "Patient/<id>")
            .param("subject", "reference", "Patient/<id>")
            .param("questionnaire", "reference", "the form: url|version, or a url for all its versions")
            .build();

    @Inject IntakeResponses responses;
    @Inject FhirContext fhir;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public Set<String> roles(Interaction interaction) {
        return Set.of(Roles.FRONT_DESK, Roles.EHR_SYSTEM);
    }

    @Override
    public FhirRecord read(String id) {
        return record(responses.get(FhirSearch.id(id, "QuestionnaireResponse")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        return responses.search(q.patientOrSubject(), q.first("questionnaire"), q.criteria(), q.offset(), q.count())
                .map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        return record(responses.submit(fhir.newJsonParser().encodeResourceToString(body)));
    }

    @Override
    public UUID patientOf(Resource resource) {
        return FhirSearch.uuidOrNull(((QuestionnaireResponse) resource).getSubject().getReferenceElement().getIdPart());
    }

    private FhirRecord record(IntakeResponse r) {
        QuestionnaireResponse qr = fhir.newJsonParser().parseResource(QuestionnaireResponse.class, r.body);
        qr.setId(r.id.toString()); // questionnaire and subject are in the kept body, set by the server
        return new FhirRecord(qr, r.version, r.updatedAt, r.patientId);
    }
}
