package org.frontdesk.reception.coverage;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.coverage.CoverageJson.CoverageRequest;
import org.frontdesk.reception.coverage.CoverageJson.CoverageView;
import org.frontdesk.reception.coverage.CoverageJson.OrderRequest;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.Idempotent;

import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/patients/{patientId}/coverages}: a patient's insurance as the desk captures it
 * (list, add, reorder). Its own root path, since JAX-RS picks the class by the longest literal
 * path and {@code /api/v1/patients} belongs to the patient feature.
 */
@Path("/api/v1/patients/{patientId}/coverages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.FRONT_DESK, Roles.BILLING})
@Tag(name = "Coverage", description = "Insurance cards, their order, and eligibility checks")
public class PatientCoverageResource {

    @Inject CoverageService coverages;
    @Inject CoverageViews views;
    @Inject CoverageMapper mapper;

    @GET
        @Audited(resource = "Coverage", action = AuditAction.SEARCH)
    @Operation(summary = "A patient's coverages", description = "Active ones in order (primary first), then the rest.")
    public List<CoverageView> list(@PathParam("patientId") UUID patientId) {
        return coverages.forPatient(patientId).stream().map(views::view).toList();
    }

    @RolesAllowed(Roles.FRONT_DESK) // billing reads coverage; the desk keeps it
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Coverage", action = AuditAction.CREATE)
    @Operation(summary = "Add a coverage", description = "Idempotency-Key required. 409 when the patient already has an active coverage in this "
            + "order; an active one whose period has ended is closed automatically. Medicare member ids must be "
            + "valid MBIs; other payers may set a pattern.")
    public Response add(@PathParam("patientId") UUID patientId,
                        @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid CoverageRequest request) {
        Coverage c = coverages.add(patientId, mapper.toEntity(request));
        return Answers.created("/api/v1/coverages/" + c.id, c.version, views.view(c));
    }

    @RolesAllowed(Roles.FRONT_DESK) // billing reads coverage; the desk keeps it
    @PUT
    @Path("/order")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Audited(resource = "Coverage", action = AuditAction.UPDATE)
    @Operation(summary = "Reorder a patient's coverages", description = "List every active coverage once, primary "
            + "first; swapping primary and secondary is one step.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(
            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = CoverageView.class)))
    public Response reorder(@PathParam("patientId") UUID patientId,
                            @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid OrderRequest request) {
        return Response.ok(coverages.reorder(patientId, request.coverageIds()).stream().map(views::view).toList()).build();
    }
}
