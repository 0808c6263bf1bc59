package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.fhir.FhirCapabilitySource;
import org.frontdesk.reception.fhir.FhirMediaTypes;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScope;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /fhir/Coverage}: create, read, update, and search by {@code patient},
 * {@code beneficiary}, {@code payor} and {@code status}. The same rules as the desk's API apply
 * (member-id checks, one active coverage per order).
 */
@Path("/fhir/Coverage")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class CoverageFhirResource implements FhirCapabilitySource {

    private static final Set<String> SEARCH = Set.of("patient", "beneficiary", "payor", "status");

    @Inject CoverageService coverages;
    @Inject PayerService payers;
    @Inject CoverageFhirMapper mapper;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("Coverage", null, List.of("read", "create", "update", "search-type"), false,
                List.of(new ResourceCapability.SearchParam("patient", "reference", "Patient/<id>"),
                        new ResourceCapability.SearchParam("beneficiary", "reference", "Patient/<id>"),
                        new ResourceCapability.SearchParam("payor", "reference", "Organization/<id> (a payer)"),
                        new ResourceCapability.SearchParam("status", "token", "active, cancelled, draft, entered-in-error")),
                List.of());
    }

    @GET
    @Path("/{id}")
    @SmartScope(resource = "Coverage", interaction = 'r')
    @Audited(resource = "Coverage", action = AuditAction.READ)
    public Response read(@PathParam("id") String id) {
        return answer(Response.ok(), coverages.get(FhirSearch.id(id, "Coverage")));
    }

    @POST
    @Transactional
    @SmartScope(resource = "Coverage", interaction = 'c')
    @Audited(resource = "Coverage", action = AuditAction.CREATE)
    public Response create(@NotNull(message = ExceptionMappers.BODY_REQUIRED) org.hl7.fhir.r4.model.Coverage body,
                           @Context UriInfo uri) {
        CoverageFhirMapper.Draft draft = resolve(mapper.toDraft(body));
        if (draft.coverage().priority == 0) {
            draft.coverage().priority = coverages.nextFreeOrder(draft.patientId());
        }
        Coverage c = coverages.add(draft.patientId(), draft.coverage());
        return answer(Response.created(uri.getBaseUriBuilder().path("fhir/Coverage/{id}").build(c.id)), c);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @SmartScope(resource = "Coverage", interaction = 'u')
    @Audited(resource = "Coverage", action = AuditAction.UPDATE)
    public Response update(@PathParam("id") String id,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) org.hl7.fhir.r4.model.Coverage body,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID uuid = FhirSearch.id(id, "Coverage");
        if (!body.hasIdElement() || !id.equals(body.getIdElement().getIdPart())) {
            throw ProblemException.badRequest("The resource's id must equal the id in the URL.",
                    List.of(new FieldError("Coverage.id", "must be " + id)));
        }
        Coverage current = coverages.get(uuid);
        CoverageFhirMapper.Draft draft = resolve(mapper.toDraft(body));
        if (!current.patientId.equals(draft.patientId())) {
            throw ProblemException.badRequest("A coverage can't move to another patient.",
                    List.of(new FieldError("Coverage.beneficiary", "must stay Patient/" + current.patientId)));
        }
        if (draft.coverage().priority == 0) {
            draft.coverage().priority = current.priority;
        }
        draft.coverage().cardFrontRef = current.cardFrontRef;
        draft.coverage().cardBackRef = current.cardBackRef;
        String match = ifMatch == null ? "*" : ifMatch; // FHIR update: If-Match optional, honoured when sent
        return answer(Response.ok(), coverages.update(uuid, match, draft.coverage()));
    }

    @GET
    @SmartScope(resource = "Coverage", interaction = 's')
    @Audited(resource = "Coverage", action = AuditAction.SEARCH)
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, SEARCH);
        UUID patient = FhirSearch.referenced(params.getFirst("patient"), "Patient");
        UUID beneficiary = FhirSearch.referenced(params.getFirst("beneficiary"), "Patient");
        String status = params.getFirst("status");
        List<String> statuses = status == null ? null : List.of(status.split(","));
        if (statuses != null && !Set.of("active", "cancelled", "draft", "entered-in-error").containsAll(statuses)) {
            throw ProblemException.badRequest("status", "status must be active, cancelled, draft or entered-in-error.");
        }
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        PageResult<Coverage> page = coverages.search(patient == null || beneficiary == null || patient.equals(beneficiary)
                        ? (patient != null ? patient : beneficiary) : new UUID(0, 0),
                FhirSearch.referenced(params.getFirst("payor"), "Organization"), statuses, offset, count);
        return FhirSearch.searchset(page, c -> mapper.toFhir(c, payers.get(c.payerId)), "Coverage", uri);
    }

    private CoverageFhirMapper.Draft resolve(CoverageFhirMapper.Draft draft) {
        if (draft.coverage().payerId == null) {
            draft.coverage().payerId = payers.byCode(draft.payerCode()).orElseThrow(() -> ProblemException.badRequest(
                    "Coverage.payor", "No payer with payer id " + draft.payerCode() + ".")).id;
        }
        return draft;
    }

    private Response answer(Response.ResponseBuilder b, Coverage c) {
        return b.entity(mapper.toFhir(c, payers.get(c.payerId))).header(HttpHeaders.ETAG, ETags.of(c.version)).build();
    }
}
