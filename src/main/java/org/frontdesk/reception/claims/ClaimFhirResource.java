package org.frontdesk.reception.claims;

import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.fhir.FhirCapabilitySource;
import org.frontdesk.reception.fhir.FhirMediaTypes;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScope;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClaimResponse;
import org.hl7.fhir.r4.model.Reference;

import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * {@code /fhir/Claim}: read, search ({@code patient}, {@code status}, {@code created},
 * {@code insurer}), create (an EHR's own claim, kept as a draft), and {@code $submit}, which
 * creates, scrubs and queues it for the payer and answers with a queued ClaimResponse (or a 422
 * OperationOutcome naming the failed edits).
 */
@Path("/fhir/Claim")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class ClaimFhirResource implements FhirCapabilitySource {

    @Inject ClaimService claims;
    @Inject ClaimDrafts drafts;
    @Inject ClaimSubmissions submissions;
    @Inject ClaimFhirMapper mapper;
    @Inject PatientService patients;
    @Inject CoverageService coverages;
    @Inject PayerService payers;
    @Inject ClaimsConfig config;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("Claim", null, List.of("read", "create", "search-type"), false,
                List.of(new ResourceCapability.SearchParam("patient", "reference", "Patient/<id>"),
                        new ResourceCapability.SearchParam("status", "token", "draft, active, cancelled"),
                        new ResourceCapability.SearchParam("created", "date", "eq/ge/gt/le/lt"),
                        new ResourceCapability.SearchParam("insurer", "reference", "Organization/<id> (a payer)")),
                List.of(new ResourceCapability.Operation("submit", "http://hl7.org/fhir/OperationDefinition/Claim-submit")));
    }

    @GET
    @Path("/{id}")
    @SmartScope(resource = "Claim", interaction = 'r')
    @Audited(resource = "Claim", action = AuditAction.READ)
    public Response read(@PathParam("id") String id) {
        Claim c = claims.get(FhirSearch.id(id, "Claim"));
        return Response.ok(fhir(c)).header(HttpHeaders.ETAG, ETags.of(c.version)).build();
    }

    @GET
    @SmartScope(resource = "Claim", interaction = 's')
    @Audited(resource = "Claim", action = AuditAction.SEARCH)
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, Set.of("patient", "status", "created", "insurer"));
        FhirSearch.InstantRange created = FhirSearch.instants("created", params.get("created"));
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        PageResult<Claim> page = claims.search(new ClaimService.Search(
                FhirSearch.referenced(params.getFirst("patient"), "Patient"),
                FhirSearch.referenced(params.getFirst("insurer"), "Organization"), statuses(params.getFirst("status")),
                created == null ? null : created.from(), created == null ? null : created.to()), offset, count);
        return FhirSearch.searchset(page, this::fhir, "Claim", uri);
    }

    @POST
    @SmartScope(resource = "Claim", interaction = 'c')
    @Audited(resource = "Claim", action = AuditAction.CREATE)
    public Response create(@NotNull(message = ExceptionMappers.BODY_REQUIRED) org.hl7.fhir.r4.model.Claim body,
                           @Context UriInfo uri) {
        Claim c = QuarkusTransaction.requiringNew().call(() -> created(body));
        return Response.created(uri.getBaseUriBuilder().path("fhir/Claim/{id}").build(c.id))
                .entity(QuarkusTransaction.requiringNew().call(() -> fhir(claims.get(c.id))))
                .header(HttpHeaders.ETAG, ETags.of(c.version)).build();
    }

    /** {@code Claim/$submit}: the claim (or the first Claim of a Bundle) is created, scrubbed and queued. */
    @POST
    @Path("/$submit")
    @SmartScope(resource = "Claim", interaction = 'c')
    @Audited(resource = "Claim", action = AuditAction.EXECUTE)
    public ClaimResponse submit(@NotNull(message = ExceptionMappers.BODY_REQUIRED) org.hl7.fhir.r4.model.Resource body) {
        org.hl7.fhir.r4.model.Claim claim = body instanceof org.hl7.fhir.r4.model.Claim c ? c
                : body instanceof Bundle b ? b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof org.hl7.fhir.r4.model.Claim).map(r -> (org.hl7.fhir.r4.model.Claim) r)
                .findFirst().orElse(null) : null;
        if (claim == null) {
            throw ProblemException.badRequest("Claim", "$submit takes a Claim, or a Bundle whose entries include one.");
        }
        Claim c = QuarkusTransaction.requiringNew().call(() -> submissions.submit(created(claim).id, null));
        ClaimResponse r = new ClaimResponse();
        r.setStatus(ClaimResponse.ClaimResponseStatus.ACTIVE);
        r.setType(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/claim-type", "professional", null)));
        r.setUse(ClaimResponse.Use.CLAIM);
        r.setPatient(new Reference("Patient/" + c.patientId));
        r.setCreated(new Date());
        r.setInsurer(new Reference("Organization/" + c.payerId));
        r.setRequest(new Reference("Claim/" + c.id));
        r.setOutcome(ClaimResponse.RemittanceOutcome.QUEUED);
        r.setDisposition("Scrubbed and queued for the payer; follow Claim/" + c.id + " for its answer.");
        return r;
    }

    private Claim created(org.hl7.fhir.r4.model.Claim body) {
        ClaimFhirMapper.EhrClaim draft = mapper.fromFhir(body);
        return drafts.createFromEhr(draft.patientId(), draft.coverageId(), draft.dateOfService(), draft.diagnoses(),
                draft.lines());
    }

    private org.hl7.fhir.r4.model.Claim fhir(Claim c) {
        return mapper.forRead(c, patients.get(c.patientId), coverages.get(c.coverageId), payers.get(c.payerId),
                claims.rendering(c), config.billingName(), claims.originalPayerClaimNumber(c));
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
