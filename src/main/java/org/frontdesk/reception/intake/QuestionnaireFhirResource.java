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
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Resource;

import java.util.Set;

/**
 * Intake forms on the FHIR face: admins publish them (create, and update of a draft, or of a
 * published form's status only); the desk, admins and EHRs read and search them.
 */
@ApplicationScoped
class QuestionnaireFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Questionnaire")
            .interactions(Interaction.READ, Interaction.CREATE, Interaction.UPDATE, Interaction.SEARCH)
            .common("_lastUpdated")
            .param("url", "uri", "the form's canonical url")
            .param("version", "token", "the form's version")
            .param("status", "token", "draft, active, retired")
            .build();

    @Inject IntakeForms forms;
    @Inject FhirContext fhir;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public Set<String> roles(Interaction interaction) {
        return interaction == Interaction.CREATE || interaction == Interaction.UPDATE ? Set.of(Roles.ADMIN)
                : Set.of(Roles.ADMIN, Roles.FRONT_DESK, Roles.EHR_SYSTEM);
    }

    @Override
    public FhirRecord read(String id) {
        return record(forms.get(FhirSearch.id(id, "Questionnaire")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        String status = q.first("status");
        if (status != null && !Set.of("draft", "active", "retired").contains(status)) {
            throw ProblemException.badRequest("status", "status must be draft, active or retired.");
        }
        return forms.search(q.first("url"), q.first("version"), status, q.criteria(), q.offset(), q.count())
                .map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        return record(forms.publish(fhir.newJsonParser().encodeResourceToString(body)));
    }

    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        return record(forms.update(FhirSearch.id(id, "Questionnaire"), fhir.newJsonParser().encodeResourceToString(body),
                ifMatch));
    }

    private FhirRecord record(IntakeForm f) {
        Questionnaire q = fhir.newJsonParser().parseResource(Questionnaire.class, f.body);
        q.setId(f.id.toString());
        return new FhirRecord(q, f.version, f.updatedAt, null);
    }
}
