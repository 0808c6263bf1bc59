package org.frontdesk.reception.claims;

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

import java.util.ArrayList;
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

    private final ClaimService claims;
    private final ClaimFhirMapper mapper;
    private final PatientService patients;
    private final CoverageService coverages;
    private final PayerService payers;
    private final ClaimsConfig config;

    public ClaimFhirResource(ClaimService claims, ClaimFhirMapper mapper, PatientService patients,
                             CoverageService coverages, PayerService payers, ClaimsConfig config) {
        this.claims = claims;
        this.mapper = mapper;
        this.patients = patients;
        this.coverages = coverages;
        this.payers = payers;
        this.config = config;
    }

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
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        String patient = params.getFirst("patient");
        if (patient != null) {
            args.add(FhirSearch.uuidOrNone(patient.startsWith("Patient/") ? patient.substring(8) : patient));
            where.add("patientId = ?" + args.size());
        }
        String insurer = params.getFirst("insurer");
        if (insurer != null) {
            args.add(FhirSearch.uuidOrNone(insurer.startsWith("Organization/") ? insurer.substring(13) : insurer));
            where.add("payerId = ?" + args.size());
        }
        String status = params.getFirst("status");
        if (status != null) {
            List<String> ours = switch (status) {
                case "draft" -> List.of("draft", "ready");
                case "cancelled" -> List.of("void");
                case "active" -> List.of("queued", "submitted", "accepted", "rejected", "pended", "paid", "partially-paid",
                        "denied", "needs-attention");
                case "entered-in-error" -> List.of();
                default -> throw ProblemException.badRequest("status", "status must be draft, active, cancelled or "
                        + "entered-in-error.");
            };
            args.add(ours.isEmpty() ? List.of("-") : ours);
            where.add("status in ?" + args.size());
        }
        for (String raw : params.getOrDefault("created", List.of())) {
            FhirSearch.InstantRange r = FhirSearch.instants("created", raw);
            if (r.from() != null) {
                args.add(r.from());
                where.add("createdAt >= ?" + args.size());
            }
            if (r.to() != null) {
                args.add(r.to());
                where.add("createdAt < ?" + args.size());
            }
        }
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        var found = Claim.<Claim>find((where.isEmpty() ? "true = true" : String.join(" and ", where))
                + " order by createdAt desc, id", args.toArray());
        long total = found.count();
        List<Claim> items = count == 0 ? List.of() : found.range(offset, offset + count - 1).list();
        return FhirSearch.searchset(new PageResult<>(items, offset, count, total), this::fhir, "Claim", uri);
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
        Claim c = QuarkusTransaction.requiringNew().call(() -> {
            Claim made = created(claim);
            return claims.submit(made.id, null);
        });
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
        return claims.createFromEhr(draft.patientId(), draft.coverageId(), draft.dateOfService(), draft.diagnoses(),
                draft.lines());
    }

    private org.hl7.fhir.r4.model.Claim fhir(Claim c) {
        Claim original = c.originalClaimId == null ? null : Claim.findById(c.originalClaimId);
        return mapper.forRead(c, claims.diagnoses(c.id), claims.lines(c.id), patients.get(c.patientId),
                coverages.get(c.coverageId), payers.get(c.payerId), claims.rendering(c), config.billingName(),
                original == null ? null : original.payerClaimNumber);
    }
}
