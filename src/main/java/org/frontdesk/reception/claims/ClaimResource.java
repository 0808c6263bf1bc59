package org.frontdesk.reception.claims;

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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.claims.ClaimJson.ClaimEdit;
import org.frontdesk.reception.claims.ClaimJson.ClaimRequest;
import org.frontdesk.reception.claims.ClaimJson.ClaimView;
import org.frontdesk.reception.claims.ClaimJson.FeeRequest;
import org.frontdesk.reception.coding.ClaimScrubber;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.ProblemException;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/claims}: the billing desk's claims: build from a visit, edit the draft, scrub,
 * submit (queued for delivery), void or replace, list and read with history, deliveries and the
 * insurer's answers. {@code /api/v1/fee-schedule}: the practice's charges.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.BILLING)
@Tag(name = "Claims", description = "Build, scrub and send claims; follow them to payment")
public class ClaimResource {

    @jakarta.inject.Inject org.frontdesk.reception.security.AuditSubjects touched;

    @Inject ClaimService claims;
    @Inject ClaimDrafts drafts;
    @Inject ClaimSubmissions submissions;
    @Inject FeeSchedule fees;
    @Inject ClaimMapper mapper;
    @Inject ClaimSecondaries secondaries;

    @POST
    @Path("/claims")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Claim", action = AuditAction.CREATE)
    @Operation(summary = "Build a claim from a fulfilled visit", description = "Idempotency-Key required. Patient, primary coverage in force that "
            + "day, rendering practitioner, the practice as billing provider and place of service come from the visit "
            + "and configuration; diagnoses and lines from the request (charges default to the fee schedule).")
    public Response create(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ClaimRequest request) {
        Claim c = drafts.createFromAppointment(request.appointmentId(), request.diagnoses(), mapper.toLines(request.lines()));
        return Answers.created("/api/v1/claims/" + c.id, c.version, view(c));
    }

    @GET
    @Path("/claims")
    @Audited(resource = "Claim", action = AuditAction.SEARCH)
    @Operation(summary = "List claims", description = "By status, payer and date of service (from, to), newest first.")
    public List<ClaimView> list(@QueryParam("status") String status, @QueryParam("payerId") UUID payerId,
                                @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                @QueryParam("limit") Integer limit) {
        return claims.list(new ClaimService.Filter(status(status), payerId, from, to),
                limit == null ? 50 : Math.max(1, Math.min(limit, 200))).stream().map(this::view).toList();
    }

    @GET
    @Path("/claims/{id}")
    @Audited(resource = "Claim", action = AuditAction.READ)
    @Operation(summary = "One claim", description = "With its lines, status history, deliveries and the insurer's answers.")
    public Response get(@PathParam("id") UUID id) {
        Claim c = claims.get(id);
        return Answers.ok(view(c), c.version);
    }

    @PUT
    @Path("/claims/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Audited(resource = "Claim", action = AuditAction.UPDATE)
    @Operation(summary = "Edit a claim's codes", description = "While draft, ready, rejected or needing attention; "
            + "If-Match required. The claim returns to draft and must pass its scrub again.")
    public Response edit(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                         @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ClaimEdit request) {
        Claim c = drafts.edit(id, ifMatch, request.diagnoses(), mapper.toLines(request.lines()));
        return Answers.ok(view(c), c.version);
    }

    @POST
    @Path("/claims/{id}/scrub")
    @Transactional
    @Idempotent
    @Audited(resource = "Claim", action = AuditAction.EXECUTE)
    @Operation(summary = "Scrub a claim", description = "Runs every payer edit; a clean draft becomes ready.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(schema = @Schema(implementation = ClaimScrubber.Outcome.class)))
    public Response scrub(@PathParam("id") UUID id) {
        touched.add(claims.get(id).patientId);
        return Response.ok(submissions.scrub(id)).build();
    }

    @POST
    @Path("/claims/{id}/submit")
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Claim", action = AuditAction.EXECUTE)
    @Operation(summary = "Submit (or resubmit) a claim", description = "Idempotency-Key required. Scrubs it and queues it for its payer: the claim's "
            + "move to queued and the outbox row are one transaction, so an accepted submission is never lost. The "
            + "dispatcher delivers it with a stable idempotency key. 422 when the scrub finds errors.")
    public Response submit(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Claim c = submissions.submit(id, ifMatch);
        return Response.accepted(view(c)).header(HttpHeaders.LOCATION, "/api/v1/claims/" + c.id)
                .header(HttpHeaders.ETAG, ETags.of(c.version)).build();
    }

    @POST
    @Path("/claims/{id}/void")
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Claim", action = AuditAction.EXECUTE)
    @Operation(summary = "Void a claim", description = "Idempotency-Key required. Never sent: void at once. Known to the payer: a void claim "
            + "(frequency 8) referencing the payer's claim number is queued and returned.")
    public Response voidClaim(@PathParam("id") UUID id) {
        Claim c = submissions.voidClaim(id);
        return Response.ok(view(c)).header(HttpHeaders.LOCATION, "/api/v1/claims/" + c.id)
                .header(HttpHeaders.ETAG, ETags.of(c.version)).build();
    }

    @POST
    @Path("/claims/{id}/secondary")
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Claim", action = AuditAction.CREATE)
    @Operation(summary = "Bill the next coverage", description = "Idempotency-Key required. After the payer's 835 is posted: "
            + "a draft claim to the patient's next coverage in force that day, with the same codes and lines, carrying "
            + "the first payer's adjudication (837P loops 2320/2430; FHIR Claim.insurance with its ClaimResponse).")
    public Response secondary(@PathParam("id") UUID id) {
        Claim c = secondaries.create(id);
        return Answers.created("/api/v1/claims/" + c.id, c.version, view(c));
    }

    @GET
    @Path("/claims/waiting-on-secondary")
    @Audited(resource = "Claim", action = AuditAction.SEARCH)
    @Operation(summary = "Claims waiting on a claim to the next coverage", description = "Answered by their payer (835 "
            + "posted), something left unpaid, a next coverage in force that day, and no claim to it yet; oldest visit "
            + "first. forwardedByPayer: the payer says it forwarded the claim itself (crossover).")
    public List<ClaimJson.SecondaryWaiting> waitingOnSecondary(@QueryParam("limit") @jakarta.ws.rs.DefaultValue("100") int limit) {
        return secondaries.waiting(Math.max(1, Math.min(limit, 1000)));
    }

    @POST
    @Path("/claims/{id}/replace")
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Claim", action = AuditAction.CREATE)
    @Operation(summary = "Start a replacement claim", description = "Idempotency-Key required. A draft copy (frequency 7) referencing the payer's "
            + "claim number, to correct and submit.")
    public Response replace(@PathParam("id") UUID id) {
        Claim c = submissions.replace(id);
        return Answers.created("/api/v1/claims/" + c.id, c.version, view(c));
    }

    @PUT
    @Path("/fee-schedule/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @RolesAllowed({Roles.ADMIN, Roles.BILLING})
    @Operation(summary = "Set the practice's charge for a code from a date on")
    public Response setFee(@PathParam("code") String code,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid FeeRequest request) {
        String normalized = fees.setFee(code, request.effectiveFrom(), request.charge());
        return Response.ok(java.util.Map.of("code", normalized, "effectiveFrom", request.effectiveFrom(),
                "charge", request.charge())).build();
    }

    /** A status named by its code; an unknown one is a 400, not an empty list. */
    private static ClaimStatus status(String code) {
        if (code == null) {
            return null;
        }
        try {
            return ClaimStatus.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "status must be one of " + ClaimStatusPolicy.ALL + ".");
        }
    }

    private ClaimView view(Claim c) {
        return mapper.toView(c, mapper.toHistory(claims.history(c.id)), mapper.toDeliveries(claims.deliveries(c.id)),
                mapper.toResponses(claims.responses(c.id)));
    }
}
