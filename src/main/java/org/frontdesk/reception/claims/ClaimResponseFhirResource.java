package org.frontdesk.reception.claims;

import jakarta.inject.Inject;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
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
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;

import java.util.List;
import java.util.Set;

/**
 * {@code /fhir/ClaimResponse}: the insurers' answers, read and searched by EHRs ({@code request},
 * {@code patient}); and created by an insurer (role {@code insurer}) reporting later on a claim
 * it has, found by {@code request} = {@code Claim/<id>} or the submission identifier we sent.
 */
@Path("/fhir/ClaimResponse")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class ClaimResponseFhirResource implements FhirCapabilitySource {

    @Inject ClaimService claims;
    @Inject InsurerAnswers answers;
    @Inject ClaimFhirMapper mapper;
    @Inject ca.uhn.fhir.context.FhirContext fhir;
    @Inject org.frontdesk.reception.security.Caller caller;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("ClaimResponse", null, List.of("read", "create", "search-type"), false,
                List.of(new ResourceCapability.SearchParam("request", "reference", "Claim/<id>"),
                        new ResourceCapability.SearchParam("patient", "reference", "Patient/<id>")),
                List.of());
    }

    @GET
    @Path("/{id}")
    @SmartScope(resource = "ClaimResponse", interaction = 'r')
    @Audited(resource = "ClaimResponse", action = AuditAction.READ)
    public org.hl7.fhir.r4.model.ClaimResponse read(@PathParam("id") String id) {
        ClaimResponseRecord r = answers.get(FhirSearch.id(id, "ClaimResponse"));
        return mapper.toFhir(r, claims.get(r.claimId));
    }

    @GET
    @SmartScope(resource = "ClaimResponse", interaction = 's')
    @Audited(resource = "ClaimResponse", action = AuditAction.SEARCH)
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, Set.of("request", "patient"));
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        PageResult<ClaimResponseRecord> page = answers.search(FhirSearch.referenced(params.getFirst("request"), "Claim"),
                FhirSearch.referenced(params.getFirst("patient"), "Patient"), offset, count);
        return FhirSearch.searchset(page,
                r -> mapper.toFhir(r, claims.get(r.claimId)), "ClaimResponse", uri);
    }

    /**
     * An insurer reports on a claim after the submission (adjudication, payment, denial). The
     * caller's client id must be the claim's payer id: an insurer can only speak of its own claims.
     */
    @POST
    @Consumes({FhirMediaTypes.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Transactional
    @RolesAllowed(Roles.INSURER)
    @Audited(resource = "ClaimResponse", action = AuditAction.CREATE)
    public Response report(@NotNull(message = ExceptionMappers.BODY_REQUIRED) org.hl7.fhir.r4.model.ClaimResponse body) {
        Claim claim = claimOf(body);
        ClaimResponseRecord r = answers.reportFromInsurer(claim.id, fhir.newJsonParser().encodeResourceToString(body),
                caller.clientId());
        return Response.status(201).entity(mapper.toFhir(r, claims.get(claim.id))).build();
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
}
