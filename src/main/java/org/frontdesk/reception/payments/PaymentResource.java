package org.frontdesk.reception.payments;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.payments.PaymentJson.AmountDue;
import org.frontdesk.reception.payments.PaymentJson.CloseRequest;
import org.frontdesk.reception.payments.PaymentJson.CloseView;
import org.frontdesk.reception.payments.PaymentJson.CorrectionRequest;
import org.frontdesk.reception.payments.PaymentJson.FeeRequest;
import org.frontdesk.reception.payments.PaymentJson.LocationDay;
import org.frontdesk.reception.payments.PaymentJson.PaymentRequest;
import org.frontdesk.reception.payments.PaymentJson.PaymentView;
import org.frontdesk.reception.payments.PaymentJson.RefundRequest;
import org.frontdesk.reception.payments.PaymentJson.VoidRequest;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.Idempotent;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The desk's money: amount due at check-in, payments, refunds and voids, receipts (PDF), self-pay
 * fees, and each drawer's end of day.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
@Tag(name = "Payments", description = "Collect what is due at the desk and close the day")
public class PaymentResource {

    @jakarta.inject.Inject org.frontdesk.reception.security.AuditSubjects touched;

    @Inject PaymentService payments;
    @Inject DrawerDays days;
    @Inject Balances balances;
    @Inject PaymentMapper mapper;
    @Inject VisitCharges charges;
    @Inject ReceiptPdf receipts;
    @Inject Actors actors;

    @GET
    @Path("/appointments/{appointmentId}/amount-due")
    @Audited(resource = "Payment", action = AuditAction.READ)
    @Operation(summary = "What to collect at check-in", description = "The visit's copay (from the insurer's eligibility "
            + "answer or the card) or self-pay fee, what was paid for it already, and the balance of earlier visits. "
            + "Fixed when the patient arrives; an estimate before.")
    public AmountDue amountDue(@PathParam("appointmentId") UUID appointmentId) {
        return balances.amountDue(appointmentId);
    }

    @POST
    @Path("/payments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Payment", action = AuditAction.CREATE)
    @Operation(summary = "Record a payment", description = "Idempotency-Key required. Cash, card (last four digits and the processor's reference) "
            + "or check (number), into the current user's drawer for today at the location.")
    public Response pay(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid PaymentRequest request) {
        return created(payments.record(request));
    }

    @POST
    @Path("/payments/{id}/refund")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Payment", action = AuditAction.CREATE)
    @Operation(summary = "Refund (part of) a payment", description = "Idempotency-Key required. Needs a reason and one of the roles of "
            + "reception.payments.adjust-roles; at most what is left of the payment.")
    public Response refund(@PathParam("id") UUID id,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid RefundRequest request) {
        return created(payments.refund(id, request));
    }

    @POST
    @Path("/payments/{id}/void")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Payment", action = AuditAction.CREATE)
    @Operation(summary = "Void a payment entered by mistake", description = "Idempotency-Key required. Needs a reason and an adjusting role; only "
            + "while the payment's drawer day is open and nothing of it was refunded.")
    public Response voidPayment(@PathParam("id") UUID id,
                                @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid VoidRequest request) {
        return created(payments.voidPayment(id, request.reason()));
    }

    @GET
    @Path("/payments")
    @Audited(resource = "Payment", action = AuditAction.SEARCH)
    @Operation(summary = "List payments", description = "By patient, appointment, or location and business day; "
            + "newest first.")
    public List<PaymentView> list(@QueryParam("patientId") UUID patientId, @QueryParam("appointmentId") UUID appointmentId,
                                  @QueryParam("locationId") UUID locationId, @QueryParam("date") LocalDate date) {
        return payments.search(patientId, appointmentId, locationId, date).stream().map(this::view).toList();
    }

    @GET
    @Path("/payments/{id}")
    @Audited(resource = "Payment", action = AuditAction.READ)
    @Operation(summary = "One payment, refund or void")
    public PaymentView get(@PathParam("id") UUID id) {
        return view(payments.get(id));
    }

    @GET
    @Path("/payments/{id}/receipt")
    @Produces("application/pdf")
    @Audited(resource = "Payment", action = AuditAction.READ)
    @Operation(summary = "The receipt as a PDF", description = "For a payment, a refund or a void.")
    public Response receipt(@PathParam("id") UUID id) {
        Payment p = payments.get(id);
        Payment original = p.originalId == null ? null : payments.get(p.originalId);
        touched.add(p.patientId);
        return Response.ok(receipts.render(p, original), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"receipt-" + p.receiptNumber + ".pdf\"").build();
    }

    @PUT
    @Path("/self-pay-fees/{visitTypeId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @RolesAllowed({Roles.ADMIN, Roles.BILLING})
    @Operation(summary = "Set a visit type's self-pay fee from a date on")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(
            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT, additionalProperties = Schema.True.class)))
    public Response setSelfPayFee(@PathParam("visitTypeId") UUID visitTypeId,
                                  @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid FeeRequest request) {
        charges.setSelfPayFee(visitTypeId, request.effectiveFrom(), request.amount(), actors.current());
        return Response.ok(Map.of("visitTypeId", visitTypeId, "effectiveFrom", request.effectiveFrom(),
                "amount", VisitCharges.money(request.amount()))).build();
    }

    @GET
    @Audited(resource = "Payment", action = AuditAction.SEARCH)
    @Path("/locations/{locationId}/days/{date}")
    @Operation(summary = "A location's money day", description = "Each drawer's expected totals by method, whether it "
            + "is closed, the cash counted and the difference (flagged when not zero), and corrections.")
    public LocationDay day(@PathParam("locationId") UUID locationId, @PathParam("date") LocalDate date) {
        return days.day(locationId, date);
    }

    @POST
    @Path("/locations/{locationId}/days/{date}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Operation(summary = "Close a drawer's day", description = "Your own drawer (or, with an adjusting role, the one "
            + "named): the expected totals are fixed, the counted cash is entered, the difference kept. The day then "
            + "takes no new payment, refund or void.")
    public Response close(@PathParam("locationId") UUID locationId, @PathParam("date") LocalDate date,
                          @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid CloseRequest request) {
        return Answers.created(null, mapper.toView(days.close(locationId, date, request)));
    }

    @POST
    @Path("/day-closes/{closeId}/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Operation(summary = "Correct a closed day's count", description = "Idempotency-Key required. A new entry with the recounted cash and why; "
            + "the close is kept as it was.")
    public Response correct(@PathParam("closeId") UUID closeId,
                            @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid CorrectionRequest request) {
        return Answers.created(null, mapper.toView(days.correct(closeId, request)));
    }

    private Response created(Payment p) {
        return Answers.created("/api/v1/payments/" + p.id, view(p));
    }

    private PaymentView view(Payment p) {
        return mapper.toView(p, payments.refundable(p), "payment".equals(p.kind) && payments.voidOf(p.id) != null);
    }
}
