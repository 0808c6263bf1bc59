package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.coverage.CoverageJson.CoverageRequest;
import org.frontdesk.reception.coverage.CoverageJson.CoverageView;
import org.frontdesk.reception.coverage.CoverageJson.EligibilityRequest;
import org.frontdesk.reception.coverage.CoverageJson.EligibilityView;
import org.frontdesk.reception.coverage.CoverageJson.EndRequest;
import org.frontdesk.reception.coverage.CoverageJson.OrderRequest;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.StoredResponse;
import org.frontdesk.reception.shared.Upload;

import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/coverages} and {@code /api/v1/eligibility-checks}: one coverage (read, change,
 * end) and its eligibility checks with the insurer. A patient's list is {@link PatientCoverageResource}.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.FRONT_DESK, Roles.BILLING})
@Tag(name = "Coverage", description = "Insurance cards, their order, and eligibility checks")
public class CoverageResource {

    @Inject CoverageService coverages;
    @Inject EligibilityService eligibility;
    @Inject CoverageViews views;
    @Inject CoverageMapper mapper;
    @Inject EligibilityChecks checks;

    @GET
    @Path("/coverages/{id}")
    @Audited(resource = "Coverage", action = AuditAction.READ)
    @Operation(summary = "Read a coverage", description = "With the latest eligibility result.")
    public Response get(@PathParam("id") UUID id) {
        Coverage c = coverages.get(id);
        return Answers.ok(view(c), c.version);
    }

    @RolesAllowed(Roles.FRONT_DESK) // billing reads coverage; the desk keeps it
    @PUT
    @Path("/coverages/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Audited(resource = "Coverage", action = AuditAction.UPDATE)
    @Operation(summary = "Change a coverage", description = "If-Match required; the whole coverage is replaced.")
    public Response update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid CoverageRequest request) {
        Coverage c = coverages.update(id, ifMatch, mapper.toEntity(request));
        return Answers.ok(view(c), c.version);
    }

    @RolesAllowed(Roles.FRONT_DESK) // billing reads coverage; the desk keeps it
    @POST
    @Path("/coverages/{id}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Audited(resource = "Coverage", action = AuditAction.UPDATE)
    @Operation(summary = "End a coverage", description = "Its last day (today if left out); ended today or earlier, it "
            + "is cancelled at once and frees its order.")
    public Response end(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                        @Valid EndRequest request) {
        Coverage c = coverages.end(id, ifMatch, request == null ? null : request.endDate());
        return Answers.ok(view(c), c.version);
    }

    @RolesAllowed(Roles.FRONT_DESK) // billing reads coverage; the desk keeps it
    @PUT
    @Path("/coverages/{id}/card/front")
    @Transactional
    @Idempotent
    @Audited(resource = "Coverage", action = AuditAction.UPDATE)
    @Operation(summary = "Keep the front of the insurance card", description = CARD)
    @RequestBody(content = {
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/heic", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "200", description = "The coverage with its card images",
            content = @Content(schema = @Schema(implementation = CoverageView.class)))
    @APIResponse(responseCode = "413", description = "Over the size limit")
    @APIResponse(responseCode = "415", description = "Not a JPEG, PNG or HEIC image, or not what the Content-Type says")
    public Response cardFront(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Upload image) {
        return card(id, ifMatch, true, image);
    }

    @RolesAllowed(Roles.FRONT_DESK)
    @PUT
    @Path("/coverages/{id}/card/back")
    @Transactional
    @Idempotent
    @Audited(resource = "Coverage", action = AuditAction.UPDATE)
    @Operation(summary = "Keep the back of the insurance card", description = CARD)
    @RequestBody(content = {
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/heic", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "200", description = "The coverage with its card images",
            content = @Content(schema = @Schema(implementation = CoverageView.class)))
    @APIResponse(responseCode = "413", description = "Over the size limit")
    @APIResponse(responseCode = "415", description = "Not a JPEG, PNG or HEIC image, or not what the Content-Type says")
    public Response cardBack(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Upload image) {
        return card(id, ifMatch, false, image);
    }

    private static final String CARD = "The image's bytes as the body, with its type as the Content-Type (image/jpeg, "
            + "image/png or image/heic), judged by the content (415 otherwise), at most reception.documents.max-size "
            + "bytes (413). Kept as a document of the coverage's patient attached to the coverage; the coverage shows it "
            + "(cardFront, cardBack) with its content link. An earlier image stays among the patient's documents. "
            + "If-Match is honoured when sent.";

    private Response card(UUID id, String ifMatch, boolean front, Upload image) {
        try (image) {
            Coverage c = coverages.attachCard(id, ifMatch, front, image);
            return Answers.ok(view(c), c.version);
        }
    }

    @POST
    @Path("/coverages/{id}/eligibility")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent(required = true, phased = true)
    @Audited(resource = "Coverage", action = AuditAction.EXECUTE)
    @Operation(summary = "Check eligibility with the insurer", description = "Idempotency-Key required. Sends a FHIR CoverageEligibilityRequest "
            + "for the benefit category (default 98, office visit) on the service date (default today) and answers "
            + "with what the insurer said: result active, inactive or unknown (with the reason, e.g. timeout or "
            + "HTTP 500), plan dates, copay and deductible when given, and the payer's errors verbatim. The check is "
            + "recorded before the insurer is called, so none is lost.")
    public Response checkEligibility(@PathParam("id") UUID id, @Valid EligibilityRequest request) {
        return checks.check(id, request == null ? null : request.benefitCategory(),
                request == null ? null : request.serviceDate());
    }

    @GET
    @Path("/coverages/{id}/eligibility")
    @Audited(resource = "Coverage", action = AuditAction.READ)
    @Operation(summary = "Eligibility checks of a coverage", description = "Newest first.")
    public List<EligibilityView> checks(@PathParam("id") UUID id) {
        Coverage c = coverages.get(id);
        return eligibility.forCoverage(id).stream().map(e -> mapper.toView(e, c.patientId)).toList();
    }

    @GET
    @Path("/eligibility-checks/{id}")
    @Audited(resource = "Coverage", action = AuditAction.READ)
    @Operation(summary = "Read one eligibility check", description = "A check answered 201 while pending shows its "
            + "result here once the insurer answers.")
    public EligibilityView check(@PathParam("id") UUID id) {
        EligibilityCheck e = eligibility.get(id);
        return mapper.toView(e, coverages.get(e.coverageId).patientId);
    }

    private CoverageView view(Coverage c) {
        return views.view(c);
    }
}
