package org.frontdesk.reception.claims;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClaimResponse;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Claim on the FHIR face: read, search, create, and {@code $submit} (created, scrubbed and queued
 * for the payer). A claim's identifier is unique per sending client: {@code $submit} again with the
 * same identifier answers with the first claim, which the payer is never sent twice.
 */
@ApplicationScoped
class ClaimFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Claim")
            .interactions(Interaction.READ, Interaction.CREATE, Interaction.SEARCH)
            .common("_lastUpdated", "created")
            .param("patient", "reference", "Patient/<id>")
            .param("status", "token", "draft, active, cancelled")
            .param("created", "date", "eq/ge/gt/le/lt")
            .param("insurer", "reference", "Organization/<id> (a payer)")
            .param("identifier", "token", "The identifier the sending client gave the claim: system|value")
            .include("Claim:patient", "Claim:insurer", "Claim:coverage")
            .revInclude("ClaimResponse:request")
            .operation("submit", "http://hl7.org/fhir/OperationDefinition/Claim-submit", 'c', AuditAction.EXECUTE,
                    true, false)
            .build();

    @Inject ClaimAdjudications adjudications;
    @Inject ClaimService claims;
    @Inject ClaimDrafts drafts;
    @Inject ClaimSubmissions submissions;
    @Inject ClaimFhirMapper mapper;
    @Inject PatientService patients;
    @Inject CoverageService coverages;
    @Inject PayerService payers;
    @Inject ClaimsConfig config;
    @Inject Caller caller;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(claims.get(FhirSearch.id(id, "Claim")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        FhirSearch.InstantRange created = FhirSearch.instants("created", q.all("created"));
        String identifier = q.first("identifier") == null ? null : identifier(q.first("identifier"));
        return claims.search(new ClaimService.Search(q.reference("patient", "Patient"),
                        q.reference("insurer", "Organization"), statuses(q.first("status")),
                        created == null ? null : created.from(), created == null ? null : created.to()),
                caller.clientId(), identifier, q.criteria(), q.offset(), q.count()).map(this::record);
    }

    /** A create; a second one with an identifier the client already used is refused (409), never a second claim. */
    @Override
    public FhirRecord create(Resource body) {
        var claim = (org.hl7.fhir.r4.model.Claim) body;
        String identifier = identifier(claim);
        if (identifier != null) {
            drafts.sentBefore(caller.clientId(), identifier).ifPresent(c -> {
                throw new ProblemException(Problem.of(409, "/problems/duplicate-claim", "Claim exists",
                        "This client already sent Claim/" + c.id + " with identifier " + identifier + ".")
                        .withErrors(List.of(new FieldError("Claim.identifier", "already used by Claim/" + c.id))));
            });
        }
        return record(created(claim, identifier));
    }

    /** {@code Claim/$submit}: the claim (or the first Claim of a Bundle) is created, scrubbed and queued. */
    @Override
    public Response operation(ResourceCapability.Operation op, String id, Resource body,
                              MultivaluedMap<String, String> query, String base) {
        if (body instanceof org.hl7.fhir.r4.model.Parameters p && p.getParameter("resource") != null) {
            body = p.getParameter("resource").getResource(); // the operation's 'resource' in-parameter
        }
        org.hl7.fhir.r4.model.Claim claim = body instanceof org.hl7.fhir.r4.model.Claim c ? c
                : body instanceof Bundle b ? b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof org.hl7.fhir.r4.model.Claim).map(r -> (org.hl7.fhir.r4.model.Claim) r)
                .findFirst().orElse(null) : null;
        if (claim == null) {
            throw ProblemException.badRequest("$submit takes a Claim, a Bundle whose entries include one, or Parameters "
                            + "with one as 'resource'.",
                    List.of(new FieldError("resourceType", "must be Claim or Bundle")));
        }
        String identifier = identifier(claim);
        Claim first = identifier == null ? null : drafts.sentBefore(caller.clientId(), identifier).orElse(null);
        Claim c = first != null ? first : submissions.submit(created(claim, identifier).id, null);
        ClaimResponse r = new ClaimResponse();
        r.setStatus(ClaimResponse.ClaimResponseStatus.ACTIVE);
        r.setType(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/claim-type", "professional", null)));
        r.setUse(ClaimResponse.Use.CLAIM);
        r.setPatient(new Reference("Patient/" + c.patientId));
        r.setCreated(Date.from(c.createdAt));
        r.setInsurer(new Reference("Organization/" + c.payerId));
        r.setRequest(new Reference("Claim/" + c.id));
        r.setOutcome(ClaimResponse.RemittanceOutcome.QUEUED);
        r.setDisposition("Scrubbed and queued for the payer; follow Claim/" + c.id + " for its answer.");
        return Response.ok(r).build();
    }

    private Claim created(org.hl7.fhir.r4.model.Claim body, String identifier) {
        ClaimFhirMapper.EhrClaim draft = mapper.fromFhir(body);
        return drafts.createFromEhr(draft.patientId(), draft.coverageId(), draft.dateOfService(), draft.diagnoses(),
                draft.lines(), caller.clientId(), identifier);
    }

    /** The identifier the client gave the claim, as {@code system|value}; null when it gave none. */
    private static String identifier(org.hl7.fhir.r4.model.Claim claim) {
        Identifier i = claim.getIdentifier().stream().filter(x -> x.hasValue()
                && !ClaimFhirMapper.PAYER_CLAIM_NUMBER.equals(x.getSystem())).findFirst().orElse(null);
        return i == null ? null : identifier((i.hasSystem() ? i.getSystem() : "") + "|" + i.getValue());
    }

    private static String identifier(String token) {
        String t = token.contains("|") ? token : "|" + token;
        if (t.length() > 200) {
            throw ProblemException.badRequest("A claim identifier (system|value) is at most 200 characters.",
                    List.of(new FieldError("Claim.identifier", "is too long")));
        }
        return t;
    }

    @Override
    public Map<String, Include> includes() {
        return Map.of("patient", new Include("Patient", r -> List.of(((org.hl7.fhir.r4.model.Claim) r).getPatient()
                        .getReference())),
                "insurer", new Include("Organization", r -> List.of(((org.hl7.fhir.r4.model.Claim) r).getInsurer()
                        .getReference())),
                "coverage", new Include("Coverage", r -> ((org.hl7.fhir.r4.model.Claim) r).getInsurance().stream()
                        .map(i -> i.getCoverage().getReference()).toList()));
    }

    @Override
    public UUID patientOf(Resource resource) {
        return resource instanceof org.hl7.fhir.r4.model.Claim c
                ? FhirSearch.uuidOrNull(c.getPatient().getReferenceElement().getIdPart()) : null;
    }

    private FhirRecord record(Claim c) {
        var f = mapper.forRead(c, patients.get(c.patientId), coverages.get(c.coverageId), payers.get(c.payerId),
                claims.rendering(c), config.billingName(), claims.originalPayerClaimNumber(c));
        if (c.priorClaimId != null) {
            ClaimAdjudications.Prior prior = adjudications.of(c.priorClaimId);
            mapper.addPrior(f, prior, prior.coverage().id);
        }
        if (c.clientIdentifier != null) {
            int bar = c.clientIdentifier.indexOf('|');
            String system = c.clientIdentifier.substring(0, bar);
            f.addIdentifier(new Identifier().setSystem(system.isEmpty() ? null : system)
                    .setValue(c.clientIdentifier.substring(bar + 1)));
        }
        return new FhirRecord(f, c.version, c.updatedAt, c.patientId);
    }

    /** Our statuses behind a FHIR Claim status. */
    private static List<ClaimStatus> statuses(String fhirStatus) {
        if (fhirStatus == null) {
            return null;
        }
        return switch (fhirStatus) {
            case "draft" -> List.of(ClaimStatus.DRAFT, ClaimStatus.READY);
            case "cancelled" -> List.of(ClaimStatus.VOID);
            case "active" -> ClaimStatusPolicy.ALL.stream()
                    .filter(s -> s != ClaimStatus.DRAFT && s != ClaimStatus.READY && s != ClaimStatus.VOID).toList();
            case "entered-in-error" -> List.of();
            default -> throw ProblemException.badRequest("status", "status must be draft, active, cancelled or "
                    + "entered-in-error.");
        };
    }
}
