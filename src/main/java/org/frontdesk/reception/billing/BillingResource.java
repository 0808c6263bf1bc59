package org.frontdesk.reception.billing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.billing.BillingJson.Aging;
import org.frontdesk.reception.billing.BillingJson.DenialGroup;
import org.frontdesk.reception.billing.BillingJson.RunRequest;
import org.frontdesk.reception.billing.BillingJson.SentRequest;
import org.frontdesk.reception.billing.BillingJson.Statement;
import org.frontdesk.reception.billing.BillingJson.StatementSummary;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/billing}: A/R aging and the denial work queue (JSON, or CSV with
 * {@code format=csv}); {@code /api/v1/statements}: patient statements, their runs, PDFs and
 * sending.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.BILLING)
@Tag(name = "Billing office", description = "A/R aging, denials by reason, patient statements")
public class BillingResource {

    @Inject ArAging aging;
    @Inject Statements statements;
    @Inject Clock clock;

    @GET
    @Path("/billing/ar-aging")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Audited(resource = "ArAging", action = AuditAction.SEARCH)
    @Operation(summary = "A/R aging", description = "by=payer: what payers still owe on billed claims; by=patient: "
            + "what patients owe on their visits; in 0–30, 31–60, 61–90 and 90+ days from the date of service, as of "
            + "asOf (today). format=csv for a spreadsheet.")
    public Response arAging(@QueryParam("by") @DefaultValue("payer") String by, @QueryParam("asOf") LocalDate asOf,
                            @QueryParam("format") @DefaultValue("json") String format) {
        LocalDate day = asOf != null ? asOf : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Aging a = switch (by) {
            case "payer" -> aging.byPayer(day);
            case "patient" -> aging.byPatient(day);
            default -> throw ProblemException.badRequest("/by", "by is payer or patient");
        };
        return answer(format, a, () -> ArAging.csv(a), "ar-aging-" + by + "-" + day + ".csv");
    }

    @GET
    @Path("/billing/denials")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Audited(resource = "Denial", action = AuditAction.SEARCH)
    @Operation(summary = "Denial work queue", description = "Money payers refused on claims (net of reversals; not "
            + "the patient's share, the contractual write-off 45, sequestration 253 or a prior payer's share 23), "
            + "grouped by reason (CARC) with its "
            + "description, the largest first; each claim with its group code, amount and remarks (RARC). format=csv.")
    public Response denials(@QueryParam("limit") @DefaultValue("1000") int limit,
                            @QueryParam("format") @DefaultValue("json") String format) {
        List<DenialGroup> groups = aging.denials(Math.max(1, Math.min(limit, 10000)));
        return answer(format, groups, () -> ArAging.csv(groups), "denials.csv");
    }

    @POST
    @Path("/statements/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Statement", action = AuditAction.CREATE)
    @Operation(summary = "Run the statement cycle", description = "Idempotency-Key required. A statement to every "
            + "guarantor who owes something and had none for reception.billing.statement-cycle-days; one still showing "
            + "an amount billed on the last goes a dunning level up (reminder, second notice, final notice).")
    public Response run(RunRequest request) {
        return Response.status(201).entity(statements.run(request == null ? null : request.statementDate())).build();
    }

    @GET
    @Path("/statements")
    @Audited(resource = "Statement", action = AuditAction.SEARCH)
    @Operation(summary = "List statements", description = "Newest first; patientId for one patient's.")
    public List<StatementSummary> list(@QueryParam("patientId") UUID patientId,
                                       @QueryParam("limit") @DefaultValue("50") int limit) {
        return statements.list(patientId, Math.max(1, Math.min(limit, 500)));
    }

    @GET
    @Path("/statements/{id}")
    @Audited(resource = "Statement", action = AuditAction.READ)
    @Operation(summary = "Read a statement", description = "As issued, with when and how it was sent.")
    public Statement get(@PathParam("id") UUID id) {
        return statements.get(id);
    }

    @GET
    @Path("/statements/{id}/pdf")
    @Produces("application/pdf")
    @Audited(resource = "Statement", action = AuditAction.READ)
    @Operation(summary = "A statement as PDF", description = "The statement as issued, to print or send.")
    public Response pdf(@PathParam("id") UUID id) {
        return Response.ok(statements.pdf(id), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"statement-" + id + ".pdf\"").build();
    }

    @POST
    @Path("/statements/{id}/sent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Audited(resource = "Statement", action = AuditAction.UPDATE)
    @Operation(summary = "Record a statement as sent", description = "By mail, email or portal; the first report "
            + "stands.")
    public Response sent(@PathParam("id") UUID id,
                         @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid SentRequest request) {
        return Response.ok(statements.sent(id, request.via())).build();
    }

    private static Response answer(String format, Object json, java.util.function.Supplier<String> csv, String file) {
        return switch (format) {
            case "json" -> Response.ok(json, MediaType.APPLICATION_JSON).build();
            case "csv" -> Response.ok(csv.get(), "text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
            default -> throw ProblemException.badRequest("/format", "format is json or csv");
        };
    }
}
