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
                               @Size(max = 320) String from, @NotBlank @Size(max = 2000) String text) {
    }

    public record ReplyView(UUID id, UUID reminderId, UUID appointmentId, Instant receivedAt, String from, String text,
                            String action, String outcome) {
    }

    public record ReminderView(UUID id, String channel, int offsetMinutes, Instant dueAt, String recipient, String state,
                               int attempts, Instant sentAt, String skipReason, String lastError) {
    }

    public record VisitReminders(UUID appointmentId, List<ReminderView> reminders, List<ReplyView> replies) {
    }

    @Inject ReminderReplies replies;
    @Inject AppointmentService appointments;

    @POST
    @Path("/reminders/replies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @RolesAllowed(Roles.MESSAGING)
    @Operation(summary = "A patient's reply to a reminder (the messaging provider's callback)", description = "Names the "
            + "reminder by our reference (the id sent with the message) or the provider's message id. C/YES confirms "
            + "the visit, X/NO cancels it; anything else is kept for the desk.")
    public Response reply(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ReplyRequest request) {
        ReminderReply r = replies.receive(request.reference(), request.providerMessageId(), request.from(), request.text());
        return Answers.created(null, view(r));
    }

    @GET
    @Path("/appointments/{appointmentId}/reminders")
    @RolesAllowed({Roles.FRONT_DESK, Roles.ADMIN})
    @Operation(summary = "A visit's reminders and the patient's replies")
    public VisitReminders forVisit(@PathParam("appointmentId") UUID appointmentId) {
        appointments.get(appointmentId);
        List<ReminderView> reminders = replies.reminders(appointmentId).stream().map(r -> new ReminderView(r.id,
                r.channel, r.offsetMinutes, r.dueAt, r.recipient, r.state, r.attempts, r.sentAt, r.skipReason,
                r.lastError)).toList();
        List<ReplyView> answers = replies.replies(appointmentId).stream().map(ReminderResource::view).toList();
        return new VisitReminders(appointmentId, reminders, answers);
    }

    private static ReplyView view(ReminderReply r) {
        return new ReplyView(r.id, r.reminderId, r.appointmentId, r.receivedAt, r.sender, r.text, r.action, r.outcome);
    }
}
