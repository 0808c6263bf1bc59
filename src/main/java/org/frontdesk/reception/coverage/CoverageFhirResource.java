package org.frontdesk.reception.coverage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Coverage on the FHIR face: read, vread and history, create, update and search; a patient's insurance. */
@ApplicationScoped
class CoverageFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Coverage")
            .interactions(Interaction.READ, Interaction.VREAD, Interaction.HISTORY_INSTANCE, Interaction.HISTORY_TYPE,
                    Interaction.CREATE, Interaction.UPDATE, Interaction.SEARCH)
            .conditional(false)
            .common("_lastUpdated")
            .param("patient", "reference", "Patient/<id>")
            .param("beneficiary", "reference", "Patient/<id>")
            .param("payor", "reference", "Organization/<id> (a payer)")
            .param("status", "token", "active, cancelled, draft, entered-in-error")
            .include("Coverage:payor", "Coverage:beneficiary")
            .build();

    @Inject CoverageService coverages;
    @Inject PayerService payers;
    @Inject CoverageFhirMapper mapper;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(coverages.get(FhirSearch.id(id, "Coverage")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        UUID patient = q.reference("patient", "Patient");
        UUID beneficiary = q.reference("beneficiary", "Patient");
        String status = q.first("status");
        List<String> statuses = status == null ? null : List.of(status.split(","));
        if (statuses != null && !Set.of("active", "cancelled", "draft", "entered-in-error").containsAll(statuses)) {
            throw ProblemException.badRequest("status", "status must be active, cancelled, draft or entered-in-error.");
        }
        UUID who = patient == null || beneficiary == null || patient.equals(beneficiary)
                ? (patient != null ? patient : beneficiary) : new UUID(0, 0);
        return coverages.search(who, q.reference("payor", "Organization"), statuses, q.criteria(), q.offset(), q.count())
                .map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        CoverageFhirMapper.Draft draft = resolve(mapper.toDraft((org.hl7.fhir.r4.model.Coverage) body));
        if (draft.coverage().priority == 0) {
            draft.coverage().priority = coverages.nextFreeOrder(draft.patientId());
        }
        return record(coverages.add(draft.patientId(), draft.coverage()));
    }

    /** An update; If-Match is honoured when sent. The coverage stays with its patient. */
    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        UUID uuid = FhirSearch.id(id, "Coverage");
        Coverage current = coverages.get(uuid);
        CoverageFhirMapper.Draft draft = resolve(mapper.toDraft((org.hl7.fhir.r4.model.Coverage) body));
        if (!current.patientId.equals(draft.patientId())) {
            throw ProblemException.badRequest("A coverage can't move to another patient.",
                    List.of(new FieldError("Coverage.beneficiary", "must stay Patient/" + current.patientId)));
        }
        if (draft.coverage().priority == 0) {
            draft.coverage().priority = current.priority;
        }
        draft.coverage().cardFrontRef = current.cardFrontRef;
        draft.coverage().cardBackRef = current.cardBackRef;
        return record(coverages.update(uuid, ifMatch, false, draft.coverage()));
    }

    @Override
    public Map<String, Include> includes() {
        return Map.of("payor", new Include("Organization", r -> ((org.hl7.fhir.r4.model.Coverage) r).getPayor().stream()
                        .map(Reference::getReference).toList()),
                "beneficiary", new Include("Patient", r -> List.of(((org.hl7.fhir.r4.model.Coverage) r).getBeneficiary()
                        .getReference())));
    }

    @Override
    public FhirRecord versionOf(Object entity) {
        return entity instanceof Coverage c ? record(c) : null;
    }

    @Override
    public UUID patientOf(Resource resource) {
        return FhirSearch.uuidOrNull(((org.hl7.fhir.r4.model.Coverage) resource).getBeneficiary().getReferenceElement()
                .getIdPart());
    }

    private CoverageFhirMapper.Draft resolve(CoverageFhirMapper.Draft draft) {
        if (draft.coverage().payerId == null) {
            draft.coverage().payerId = payers.byCode(draft.payerCode()).orElseThrow(() -> ProblemException.badRequest(
                    "Coverage.payor", "No payer with payer id " + draft.payerCode() + ".")).id;
        }
        return draft;
    }

    private FhirRecord record(Coverage c) {
        return new FhirRecord(mapper.toFhir(c, payers.get(c.payerId)), c.version, c.updatedAt, c.patientId);
    }
}
