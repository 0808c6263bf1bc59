package org.frontdesk.reception.coverage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.hl7.fhir.r4.model.CoverageEligibilityResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.UUID;

/**
 * CoverageEligibilityResponse on the FHIR face, read only: the answer to one eligibility check
 * (its id is the check's), as {@code $submit} answered it, so an EHR told by a subscription that
 * an answer came can read it.
 */
@ApplicationScoped
class EligibilityResponseFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("CoverageEligibilityResponse")
            .interactions(Interaction.READ)
            .build();

    @Inject EligibilityService eligibility;
    @Inject CoverageService coverages;
    @Inject EligibilityFhirMapper mapper;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        EligibilityCheck check = eligibility.get(FhirSearch.id(id, "CoverageEligibilityResponse"));
        Coverage coverage = coverages.get(check.coverageId);
        CoverageEligibilityResponse r = mapper.response(check, coverage);
        // the insurer's own answer keeps its content; the id and the patient are ours
        r.setId(check.id.toString());
        r.setPatient(new Reference("Patient/" + coverage.patientId));
        java.time.Instant at = check.completedAt == null ? check.requestedAt : check.completedAt;
        return new FhirRecord(r, 1, at, coverage.patientId);
    }

    @Override
    public UUID patientOf(Resource resource) {
        return resource instanceof CoverageEligibilityResponse r && r.getPatient().getReference() != null
                ? FhirSearch.uuidOrNull(r.getPatient().getReferenceElement().getIdPart()) : null;
    }
}
