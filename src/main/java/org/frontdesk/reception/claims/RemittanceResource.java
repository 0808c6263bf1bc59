package org.frontdesk.reception.claims;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.X12Upload;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/remittances}: the billing desk posts the 835s payers send, and sees each
 * payment, posted or held with its reasons, down to the claim payments, their adjustments and
 * the provider-level adjustments.
 */
@Path("/api/v1/remittances")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.BILLING)
@Tag(name = "Remittances", description = "Post 835 remittances to claims")
public class RemittanceResource {

    @Inject Remittances remittances;

    /** What became of one payment (835 transaction set) of a posted file. */
    public record PostedPayment(UUID id, String transactionNumber, String traceNumber, String payerIdentifier,
                                BigDecimal paymentAmount, int claimCount, String status, List<String> reasons,
                                boolean alreadyPosted) {
    }

    public record PostResult(List<PostedPayment> payments) {
    }

    public record Adjustment(int line, String group, String reason, BigDecimal amount) {
    }

    public record ServicePaid(int line, String code, List<String> modifiers, BigDecimal charge, BigDecimal paid,
                              LocalDate serviceDate, String lineControl, List<String> remarks) {
    }

    public record ClaimPaid(UUID claimId, long controlNumber, String statusCode, BigDecimal charge, BigDecimal paid,
                            BigDecimal patientResponsibility, String payerClaimNumber, List<String> remarks,
                            List<ServicePaid> services, List<Adjustment> adjustments) {
    }

    public record ProviderAdjustment(String providerId, LocalDate fiscalDate, String reason, String reference,
                                     BigDecimal amount) {
    }

    public record RemittanceView(UUID id, String status, List<String> reasons, String payerIdentifier, String payerName,
                                 UUID payerId, String traceNumber, String paymentMethod, BigDecimal paymentAmount,
                                 String creditDebit, LocalDate paymentDate, int claimCount, BigDecimal claimsPaid,
                                 BigDecimal providerAdjustments, Instant receivedAt, String receivedBy,
                                 List<ClaimPaid> claims, List<ProviderAdjustment> providerAdjustmentLines) {
    }

    @POST
    @Consumes({"application/edi-x12", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Transactional
    @Idempotent
    @Audited(resource = "Remittance", action = AuditAction.CREATE)
    @Operation(summary = "Post an 835 remittance", description = "The X12 file as the body (application/edi-x12), "
            + "at most reception.x12.max-file-size. A file that is not a valid 835 (envelopes, counts, unknown "
            + "segments, amounts with more than 2 decimals) is refused with 422 and its issues, posting nothing. Each "
            + "payment in it (transaction set: one check or EFT) is posted whole or not at all: one that doesn't "
            + "balance (lines, claims, BPR02 against the claims and PLB) or names claims that aren't ours is kept as "
            + "held with its reasons; one already posted (same payer and trace number) changes nothing "
            + "(alreadyPosted). 201 when something new was kept, 200 when every payment was already posted.")
    @RequestBody(content = @Content(mediaType = "application/edi-x12", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    public Response post(X12Upload file) {
        try (file) {
            List<PostedPayment> out = remittances.post(file.path(), file.sha256()).stream()
                    .map(RemittanceResource::posted).toList();
            boolean anyNew = out.stream().anyMatch(p -> !p.alreadyPosted());
            return Response.status(anyNew ? 201 : 200).entity(new PostResult(out)).build();
        }
    }

    @GET
    @Audited(resource = "Remittance", action = AuditAction.SEARCH)
    @Operation(summary = "List remittances", description = "Newest first; status=held for the ones waiting on review.")
    public List<RemittanceView> list(@QueryParam("status") String status,
                                     @QueryParam("limit") @DefaultValue("50") int limit) {
        if (status != null && !status.equals("posted") && !status.equals("held")) {
            throw ProblemException.badRequest("/status", "status is posted or held");
        }
        return remittances.search(status, 0, Math.max(1, Math.min(limit, 200))).items().stream()
                .map(r -> view(r, List.of(), List.of())).toList();
    }

    @GET
    @Path("/{id}")
    @Audited(resource = "Remittance", action = AuditAction.READ)
    @Operation(summary = "Read a remittance", description = "With its claim payments (services, adjustments with "
            + "group and CARC, remarks) and provider-level adjustments.")
    public RemittanceView get(@PathParam("id") UUID id) {
        Remittance r = remittances.get(id);
        return view(r, remittances.claimPayments(id), remittances.providerAdjustments(id));
    }

    static PostedPayment posted(Remittances.Result r) {
        return new PostedPayment(r.id(), r.transactionNumber(), r.trace(), r.payer(), r.amount(), r.claims(), r.status(),
                r.reasons(), r.alreadyPosted());
    }

    private static RemittanceView view(Remittance r, List<ClaimPaid> claims, List<ProviderAdjustment> plb) {
        return new RemittanceView(r.id, r.status, r.reasons == null ? List.of() : Arrays.asList(r.reasons.split("\n")),
                r.payerIdentifier, r.payerName, r.payerId, r.traceNumber, r.paymentMethod, r.paymentAmount, r.creditDebit,
                r.paymentDate, r.claimCount, r.claimsPaid, r.providerAdjustments, r.receivedAt, r.receivedBy, claims, plb);
    }
}
