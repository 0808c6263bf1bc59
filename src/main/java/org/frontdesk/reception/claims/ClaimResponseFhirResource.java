package org.frontdesk.reception.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * ClaimResponse on the FHIR face: EHRs read and search the payers' answers; an insurer reports
 * on a claim (adjudication, payment, denial) by creating one. An insurer's client id must be the
 * claim's payer id: it can only speak of its own claims.
 */
@ApplicationScoped
class ClaimResponseFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("ClaimResponse")
            .interactions(Interaction.READ, Interaction.CREATE, Interaction.SEARCH)
            .param("request", "reference", "Claim/<id>")
            .param("patient", "reference", "Patient/<id>")
            .include("ClaimResponse:request")
            .build();

    @Inject ClaimService claims;
    @Inject InsurerAnswers answers;
    @Inject ClaimFhirMapper mapper;
    @Inject ca.uhn.fhir.context.FhirContext fhir;
    @Inject Caller caller;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public Set<String> roles(Interaction interaction) {
        return interaction == Interaction.CREATE ? Set.of(Roles.INSURER) : Set.of(Roles.EHR_SYSTEM);
    }

    @Override
    public FhirRecord read(String id) {
        return record(answers.get(FhirSearch.id(id, "ClaimResponse")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        return answers.search(q.reference("request", "Claim"), q.reference("patient", "Patient"), q.offset(), q.count())
                .map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        var response = (org.hl7.fhir.r4.model.ClaimResponse) body;
        Claim claim = claimOf(response);
        return record(answers.reportFromInsurer(claim.id, fhir.newJsonParser().encodeResourceToString(response),
                caller.clientId()));
    }

    @Override
    public Map<String, Include> includes() {
        return Map.of("request", new Include("Claim", r -> List.of(((org.hl7.fhir.r4.model.ClaimResponse) r).getRequest()
                .getReference())));
    }

    @Override
    public UUID patientOf(Resource resource) {
        return resource instanceof org.hl7.fhir.r4.model.ClaimResponse r
                ? FhirSearch.uuidOrNull(r.getPatient().getReferenceElement().getIdPart()) : null;
    }

    /** The claim a response is about: {@code request} as {@code Claim/<id>}, or our submission identifier. */
    private Claim claimOf(org.hl7.fhir.r4.model.ClaimResponse body) {
        String ref = body.getRequest().getReference();
        var id = body.getRequest().getIdentifier();
        var found = claims.find(ref != null && ref.startsWith("Claim/") ? FhirSearch.uuidOrNone(ref.substring(6)) : null,
                ClaimFhirMapper.SUBMISSION_ID.equals(id.getSystem()) ? id.getValue() : null);
        if (found.isPresent()) {
            return found.get();
        }
        throw ProblemException.badRequest("The response must name one of our claims.", List.of(new FieldError(
                "ClaimResponse.request", "Claim/<id>, or the identifier " + ClaimFhirMapper.SUBMISSION_ID + " we sent")));
    }

    private FhirRecord record(ClaimResponseRecord r) {
        Claim c = claims.get(r.claimId);
        return new FhirRecord(mapper.toFhir(r, c), 0, r.receivedAt, c.patientId);
    }
}
