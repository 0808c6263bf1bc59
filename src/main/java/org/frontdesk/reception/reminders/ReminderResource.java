package org.frontdesk.reception.reminders;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.Idempotent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reminders of a visit for the desk, and the provider's callback with patients' replies. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reminders", description = "Appointment reminders by SMS and email, and the patients' replies")
public class ReminderResource {

    public record ReplyRequest(@Size(max = 100) String reference, @Size(max = 200) String providerMessageId,
                               @NotBlank @Size(max = 320) String from, @NotBlank @Size(max = 2000) String text) {
    }

    public record ReplyView(UUID id, UUID reminderId, UUID patientMessageId, UUID appointmentId, Instant receivedAt,
                            String from, String text, String action, String outcome) {
    }

    public record ReminderView(UUID id, String channel, int offsetMinutes, Instant dueAt, String recipient, String state,
                               int attempts, Instant sentAt, String skipReason, String lastError) {
    }

    public record VisitReminders(UUID appointmentId, List<ReminderView> reminders, List<ReplyView> replies) {
    }

    /** The provider's HMAC-SHA256 of the request body, hex (optionally {@code sha256=}-prefixed). */
    public static final String SIGNATURE = "X-Reminder-Signature";

    @Inject ReminderReplies replies;
    @Inject AppointmentService appointments;
    @Inject ReplySignature signature;
    @Inject org.frontdesk.reception.security.AuditSubjects touched;
    @Inject com.fasterxml.jackson.databind.ObjectMapper json;
    @Inject jakarta.validation.Validator validator;

    @POST
    @Path("/reminders/replies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @RolesAllowed(Roles.MESSAGING)
    @org.frontdesk.reception.security.Audited(resource = "ReminderReply", action = org.frontdesk.reception.security.AuditAction.CREATE)
    @Operation(summary = "A patient's reply to a reminder or message (the messaging provider's callback)", description = "Names the "
            + "reminder or patient message by our reference (the id sent with the message) or the provider's message id. "
            + "To a reminder, C/YES confirms the visit and X/NO cancels it; to a waitlist offer, YES books the offered "
            + "time and NO declines it (the offer passes on); STOP withdraws consent to the channel; anything else is "
            + "kept for the desk. The body is signed by the provider "
            + "(header " + SIGNATURE + ": the hex HMAC-SHA256 of the body with the shared webhook secret); a reply "
            + "counts only for a reminder that was sent, and only from its recipient.")
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true, content = @org.eclipse.microprofile
            .openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON, schema = @org.eclipse.microprofile
            .openapi.annotations.media.Schema(implementation = ReplyRequest.class)))
    public Response reply(@jakarta.ws.rs.HeaderParam(SIGNATURE) String signed, byte[] body) {
        signature.verify(body, signed);
        ReplyRequest request = parse(body);
        ReminderReply r = replies.receive(request.reference(), request.providerMessageId(), request.from(), request.text());
        touched.add(r.patientId);
        return Answers.created(null, view(r));
    }

    /** The signed body, read and checked as strictly as any JSON body of the API. */
    private ReplyRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw org.frontdesk.reception.shared.ProblemException.badRequest(ExceptionMappers.BODY_REQUIRED,
                    List.of(new org.frontdesk.reception.shared.FieldError(null, ExceptionMappers.BODY_REQUIRED)));
        }
        ReplyRequest request;
        try {
            request = json.readValue(body, ReplyRequest.class);
        } catch (java.io.IOException e) {
            throw org.frontdesk.reception.shared.ProblemException.badRequest("The body is not a reply: "
                    + "reference or providerMessageId, from and text.", List.of());
        }
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw org.frontdesk.reception.shared.ProblemException.badRequest("The reply is invalid.",
                    violations.stream().map(v -> new org.frontdesk.reception.shared.FieldError("/" + v.getPropertyPath(),
                            v.getMessage())).toList());
        }
        return request;
    }

    @GET
    @Path("/appointments/{appointmentId}/reminders")
    @RolesAllowed({Roles.FRONT_DESK, Roles.ADMIN})
    @org.frontdesk.reception.security.Audited(resource = "Appointment", action = org.frontdesk.reception.security.AuditAction.READ)
    @Operation(summary = "A visit's reminders and the patient's replies")
    public VisitReminders forVisit(@PathParam("appointmentId") UUID appointmentId) {
        touched.add(appointments.get(appointmentId).patientId);
        List<ReminderView> reminders = replies.reminders(appointmentId).stream().map(r -> new ReminderView(r.id,
                r.channel, r.offsetMinutes, r.dueAt, r.recipient, r.state, r.attempts, r.sentAt, r.skipReason,
                r.lastError)).toList();
        List<ReplyView> answers = replies.replies(appointmentId).stream().map(ReminderResource::view).toList();
        return new VisitReminders(appointmentId, reminders, answers);
    }

    private static ReplyView view(ReminderReply r) {
        return new ReplyView(r.id, r.reminderId, r.patientMessageId, r.appointmentId, r.receivedAt, r.sender, r.text,
                r.action, r.outcome);
    }
}
