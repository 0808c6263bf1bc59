package org.frontdesk.reception.claims;

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
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotency;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.StoredResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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

    private final ClaimService claims;
    private final Idempotency idempotency;
    private final Caller caller;

    public ClaimResource(ClaimService claims, Idempotency idempotency, Caller caller) {
        this.claims = claims;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @Path("/claims")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Audited(resource = "Claim", action = AuditAction.CREATE)
    @Operation(summary = "Build a claim from a fulfilled visit", description = "Patient, primary coverage in force that "
            + "day, rendering practitioner, the practice as billing provider and place of service come from the visit "
            + "and configuration; diagnoses and lines from the request (charges default to the fee schedule).")
    public Response create(@HeaderParam(Idempotency.HEADER) String key,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ClaimRequest request) {
        return idempotency.once(key, true, caller.clientId(), "POST /api/v1/claims", request, () -> {
            Claim c = claims.createFromAppointment(request.appointmentId(), request.diagnoses(), lines(request.lines()));
            return new StoredResponse(201, "/api/v1/claims/" + c.id, ETags.of(c.version), idempotency.toJson(view(c)));
        });
    }

    @GET
    @Path("/claims")
    @Operation(summary = "List claims", description = "By status, payer and date of service (from, to), newest first.")
    public List<ClaimView> list(@QueryParam("status") String status, @QueryParam("payerId") UUID payerId,
                                @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                @QueryParam("limit") Integer limit) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (status != null) {
            args.add(status);
            where.add("status = ?" + args.size());
        }
        if (payerId != null) {
            args.add(payerId);
            where.add("payerId = ?" + args.size());
        }
        if (from != null) {
            args.add(from);
            where.add("dateOfService >= ?" + args.size());
        }
        if (to != null) {
            args.add(to);
            where.add("dateOfService <= ?" + args.size());
        }
        int n = limit == null ? 50 : Math.max(1, Math.min(limit, 200));
        return Claim.<Claim>find((where.isEmpty() ? "true = true" : String.join(" and ", where))
                + " order by dateOfService desc, createdAt desc", args.toArray()).range(0, n - 1).list()
                .stream().map(this::view).toList();
    }

    @GET
    @Path("/claims/{id}")
    @Audited(resource = "Claim", action = AuditAction.READ)
    @Operation(summary = "One claim", description = "With its lines, status history, deliveries and the insurer's answers.")
    public Response get(@PathParam("id") UUID id) {
        Claim c = claims.get(id);
        return Response.ok(view(c)).header(HttpHeaders.ETAG, ETags.of(c.version)).build();
    }

    @PUT
    @Path("/claims/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Audited(resource = "Claim", action = AuditAction.UPDATE)
    @Operation(summary = "Edit a claim's codes", description = "While draft, ready, rejected or needing attention; "
            + "If-Match required. The claim returns to draft and must pass its scrub again.")
    public Response edit(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                         @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ClaimEdit request) {
        Claim c = claims.edit(id, ifMatch, request.diagnoses(), lines(request.lines()));
        return Response.ok(view(c)).header(HttpHeaders.ETAG, ETags.of(c.version)).build();
    }

    @POST
    @Path("/claims/{id}/scrub")
    @Transactional
    @Operation(summary = "Scrub a claim", description = "Runs every payer edit; a clean draft becomes ready.")
    public ClaimScrubber.Outcome scrub(@PathParam("id") UUID id) {
        return claims.scrub(id);
    }

    @POST
    @Path("/claims/{id}/submit")
    @Transactional
    @Audited(resource = "Claim", action = AuditAction.EXECUTE)
    @Operation(summary = "Submit (or resubmit) a claim", description = "Scrubs it and queues it for its payer: the claim's "
            + "move to queued and the outbox row are one transaction, so an accepted submission is never lost. The "
            + "dispatcher delivers it with a stable idempotency key. 422 when the scrub finds errors.")
    public Response submit(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @HeaderParam(Idempotency.HEADER) String key) {
        return idempotency.once(key, true, caller.clientId(), "POST /api/v1/claims/" + id + "/submit",
                String.valueOf(ifMatch), () -> {
                    Claim c = claims.submit(id, ifMatch);
                    return new StoredResponse(202, "/api/v1/claims/" + c.id, ETags.of(c.version),
                            idempotency.toJson(view(c)));
                });
    }

    @POST
    @Path("/claims/{id}/void")
    @Transactional
    @Audited(resource = "Claim", action = AuditAction.EXECUTE)
    @Operation(summary = "Void a claim", description = "Never sent: void at once. Known to the payer: a void claim "
            + "(frequency 8) referencing the payer's claim number is queued and returned.")
    public Response voidClaim(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key) {
        return idempotency.once(key, true, caller.clientId(), "POST /api/v1/claims/" + id + "/void", "void", () -> {
            Claim c = claims.voidClaim(id);
            return new StoredResponse(200, "/api/v1/claims/" + c.id, ETags.of(c.version), idempotency.toJson(view(c)));
        });
    }

    @POST
    @Path("/claims/{id}/replace")
    @Transactional
    @Audited(resource = "Claim", action = AuditAction.CREATE)
    @Operation(summary = "Start a replacement claim", description = "A draft copy (frequency 7) referencing the payer's "
            + "claim number, to correct and submit.")
    public Response replace(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key) {
        return idempotency.once(key, true, caller.clientId(), "POST /api/v1/claims/" + id + "/replace", "replace", () -> {
            Claim c = claims.replace(id);
            return new StoredResponse(201, "/api/v1/claims/" + c.id, ETags.of(c.version), idempotency.toJson(view(c)));
        });
    }

    @PUT
    @Path("/fee-schedule/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.BILLING})
    @Operation(summary = "Set the practice's charge for a code from a date on")
    public Response setFee(@PathParam("code") String code,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid FeeRequest request) {
        String normalized = claims.setFee(code, request.effectiveFrom(), request.charge());
        return Response.ok(java.util.Map.of("code", normalized, "effectiveFrom", request.effectiveFrom(),
                "charge", request.charge())).build();
    }

    private static List<ClaimService.LineInput> lines(List<ClaimJson.LineJson> lines) {
        return lines == null ? List.of() : lines.stream().map(l -> new ClaimService.LineInput(l.code(),
                l.modifiers() == null ? List.of() : l.modifiers(), l.units(), l.diagnosisPointers(), l.charge(),
                l.dateOfService())).toList();
    }

    private ClaimView view(Claim c) {
        List<ClaimJson.StatusChange> history = claims.history(c.id).stream().map(r -> new ClaimJson.StatusChange(
                (String) r[0], (String) r[1], (String) r[2], instant(r[3]), (String) r[4])).toList();
        List<ClaimJson.Delivery> deliveries = ClaimOutbox.<ClaimOutbox>list("claimId = ?1 order by submission", c.id)
                .stream().map(o -> new ClaimJson.Delivery(o.submission, o.idempotencyKey, o.state, o.attempts,
                        o.nextAttemptAt, o.lastError, o.sentAt)).toList();
        List<ClaimJson.ResponseView> responses = ClaimResponseRecord.<ClaimResponseRecord>list(
                "claimId = ?1 order by receivedAt", c.id).stream().map(r -> new ClaimJson.ResponseView(r.receivedAt,
                r.source, r.outcome, r.payerClaimNumber, r.totalPaid, r.patientResponsibility, r.reasons)).toList();
        return new ClaimView(c.id, c.appointmentId, c.patientId, c.coverageId, c.payerId, c.status, c.statusReason,
                c.frequency, c.originalClaimId, c.payerClaimNumber, c.dateOfService, c.placeOfService, c.billingNpi,
                c.totalCharge, c.paidAmount, c.patientResponsibility,
                claims.diagnoses(c.id).stream().map(ClaimService.Dx::code).toList(), claims.lines(c.id), history,
                deliveries, responses, c.version);
    }

    private static Instant instant(Object o) {
        return o instanceof Instant i ? i : ((java.time.OffsetDateTime) o).toInstant();
    }
}
