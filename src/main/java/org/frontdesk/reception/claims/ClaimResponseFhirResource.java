package org.frontdesk.reception.claims;

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

import java.util.ArrayList;
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

    private final ClaimService claims;
    private final ClaimFhirMapper mapper;
    private final ca.uhn.fhir.context.FhirContext fhir;
    private final org.frontdesk.reception.security.Caller caller;

    public ClaimResponseFhirResource(ClaimService claims, ClaimFhirMapper mapper, ca.uhn.fhir.context.FhirContext fhir,
                                     org.frontdesk.reception.security.Caller caller) {
        this.caller = caller;
        this.claims = claims;
        this.mapper = mapper;
        this.fhir = fhir;
    }

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
        ClaimResponseRecord r = ClaimResponseRecord.findById(FhirSearch.id(id, "ClaimResponse"));
        if (r == null) {
            throw ProblemException.notFound("ClaimResponse", id);
        }
        return mapper.toFhir(r, claims.get(r.claimId));
    }

    @GET
    @SmartScope(resource = "ClaimResponse", interaction = 's')
    @Audited(resource = "ClaimResponse", action = AuditAction.SEARCH)
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, Set.of("request", "patient"));
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        String request = params.getFirst("request");
        if (request != null) {
            args.add(FhirSearch.uuidOrNone(request.startsWith("Claim/") ? request.substring(6) : request));
            where.add("claimId = ?" + args.size());
        }
        String patient = params.getFirst("patient");
        if (patient != null) {
            args.add(FhirSearch.uuidOrNone(patient.startsWith("Patient/") ? patient.substring(8) : patient));
            where.add("claimId in (select c.id from Claim c where c.patientId = ?" + args.size() + ")");
        }
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        var found = ClaimResponseRecord.<ClaimResponseRecord>find((where.isEmpty() ? "true = true"
                : String.join(" and ", where)) + " order by receivedAt desc, id", args.toArray());
        long total = found.count();
        List<ClaimResponseRecord> items = count == 0 ? List.of() : found.range(offset, offset + count - 1).list();
        return FhirSearch.searchset(new PageResult<>(items, offset, count, total),
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
        ClaimResponseRecord r = claims.reportFromInsurer(claim.id, fhir.newJsonParser().encodeResourceToString(body),
                caller.clientId());
        return Response.status(201).entity(mapper.toFhir(r, claims.get(claim.id))).build();
    }

    /** The claim a response is about: {@code request} as {@code Claim/<id>}, or our submission identifier. */
    private Claim claimOf(org.hl7.fhir.r4.model.ClaimResponse body) {
        String ref = body.getRequest().getReference();
        if (ref != null && ref.startsWith("Claim/")) {
            Claim c = Claim.findById(FhirSearch.uuidOrNone(ref.substring(6)));
            if (c != null) {
                return c;
            }
        }
        var id = body.getRequest().getIdentifier();
        if (ClaimFhirMapper.SUBMISSION_ID.equals(id.getSystem()) && id.getValue() != null) {
            ClaimOutbox o = ClaimOutbox.<ClaimOutbox>find("idempotencyKey", id.getValue()).firstResult();
            if (o != null) {
                return claims.get(o.claimId);
            }
        }
        throw ProblemException.badRequest("The response must name one of our claims.", List.of(new FieldError(
                "ClaimResponse.request", "Claim/<id>, or the identifier " + ClaimFhirMapper.SUBMISSION_ID + " we sent")));
    }
}
