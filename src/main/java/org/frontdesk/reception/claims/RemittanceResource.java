package org.frontdesk.reception.claims;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
import org.frontdesk.reception.shared.SqlValues;
import org.frontdesk.reception.shared.X12Upload;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    @Inject EntityManager em;

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
        return view(r, claims(id), providerAdjustments(id));
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

    @SuppressWarnings("unchecked")
    private List<ClaimPaid> claims(UUID remittanceId) {
        List<Object[]> rows = em.createNativeQuery("""
                select p.id, p.claim_id, c.control_number, p.status_code, p.charge, p.paid, p.patient_responsibility,
                       p.payer_claim_number, p.remarks
                from claim_payment p join claim c on c.id = p.claim_id
                where p.remittance_id = ?1 order by p.position""").setParameter(1, remittanceId).getResultList();
        Map<UUID, List<Adjustment>> adjustments = new LinkedHashMap<>();
        for (Object[] a : (List<Object[]>) em.createNativeQuery("""
                select a.claim_payment_id, a.line, a.group_code, a.reason_code, a.amount from payment_adjustment a
                join claim_payment p on p.id = a.claim_payment_id where p.remittance_id = ?1
                order by a.line, a.position""").setParameter(1, remittanceId).getResultList()) {
            adjustments.computeIfAbsent((UUID) a[0], k -> new ArrayList<>()).add(new Adjustment(((Number) a[1]).intValue(),
                    (String) a[2], (String) a[3], (BigDecimal) a[4]));
        }
        Map<UUID, List<ServicePaid>> services = new LinkedHashMap<>();
        for (Object[] s : (List<Object[]>) em.createNativeQuery("""
                select s.claim_payment_id, s.position, s.code, s.modifiers, s.charge, s.paid, s.service_date,
                       s.line_control, s.remarks
                from service_payment s join claim_payment p on p.id = s.claim_payment_id where p.remittance_id = ?1
                order by s.position""").setParameter(1, remittanceId).getResultList()) {
            services.computeIfAbsent((UUID) s[0], k -> new ArrayList<>()).add(new ServicePaid(((Number) s[1]).intValue(),
                    (String) s[2], strings(s[3]), (BigDecimal) s[4], (BigDecimal) s[5], SqlValues.day(s[6]), (String) s[7],
                    strings(s[8])));
        }
        return rows.stream().map(r -> new ClaimPaid((UUID) r[1], ((Number) r[2]).longValue(), (String) r[3],
                (BigDecimal) r[4], (BigDecimal) r[5], (BigDecimal) r[6], (String) r[7], strings(r[8]),
                services.getOrDefault((UUID) r[0], List.of()), adjustments.getOrDefault((UUID) r[0], List.of()))).toList();
    }

    @SuppressWarnings("unchecked")
    private List<ProviderAdjustment> providerAdjustments(UUID remittanceId) {
        return ((List<Object[]>) em.createNativeQuery("""
                select provider_id, fiscal_date, reason_code, reference, amount from provider_adjustment
                where remittance_id = ?1 order by position""").setParameter(1, remittanceId).getResultList()).stream()
                .map(r -> new ProviderAdjustment((String) r[0], SqlValues.day(r[1]), (String) r[2], (String) r[3], (BigDecimal) r[4]))
                .toList();
    }

    private static List<String> strings(Object array) {
        if (array instanceof String[] a) {
            return List.of(a);
        }
        if (array instanceof Object[] a) {
            return Arrays.stream(a).map(String::valueOf).toList();
        }
        return List.of();
    }
}
