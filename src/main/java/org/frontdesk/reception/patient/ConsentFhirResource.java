package org.frontdesk.reception.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Resource;

import java.util.UUID;

/**
 * Consent on the FHIR face: read, search by patient, category and status, and create (an EHR
 * records a decision; it supersedes the patient's current one of that kind, as at the desk).
 * A recorded decision is never changed, only superseded: no update or delete.
 */
@ApplicationScoped
class ConsentFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Consent")
            .interactions(Interaction.READ, Interaction.CREATE, Interaction.SEARCH)
            .conditional(false)
            .param("patient", "reference", "Patient/<id>")
            .param("category", "token", ConsentFhirMapper.KIND_SYSTEM + "|privacy-notice|financial-policy|sms|email")
            .param("status", "token", "active (in force) or inactive (superseded)")
            .build();

    @Inject Consents consents;
    @Inject ConsentFhirMapper mapper;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(consents.get(FhirSearch.id(id, "Consent")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        UUID patient = q.reference("patient", "Patient");
        if (patient == null) {
            throw ProblemException.badRequest("patient", "Search consents of one patient: patient=Patient/<id>.");
        }
        String kind = FhirSearch.token(q.first("category"), ConsentFhirMapper.KIND_SYSTEM);
        if ("".equals(kind)) {
            return PageResult.slice(java.util.List.<FhirRecord>of(), q.offset(), q.count()); // another system: none of ours
        }
        String status = q.first("status");
        if (status != null && !status.equals("active") && !status.equals("inactive")) {
            throw ProblemException.badRequest("status", "status must be active or inactive.");
        }
        Boolean current = status == null ? null : status.equals("active");
        return consents.of(patient, kind, current, q.offset(), q.count()).map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        ConsentFhirMapper.Draft d = mapper.toDraft((Consent) body);
        return record(consents.record(d.patientId(), d.decision()));
    }

    @Override
    public UUID patientOf(Resource resource) {
        return FhirSearch.uuidOrNull(((Consent) resource).getPatient().getReferenceElement().getIdPart());
    }

    private FhirRecord record(PatientConsent c) {
        // immutable but for being superseded: version 2 once it is
        return new FhirRecord(mapper.toFhir(c), c.current() ? 1 : 2, c.current() ? c.recordedAt : c.supersededAt,
                c.patientId);
    }
}
