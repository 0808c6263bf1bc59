package org.frontdesk.reception.intake;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.AuditSubjects;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/appointments/{id}/intake-form}: the desk sends a visit's form, and sees where it stands. */
@Path("/api/v1/appointments/{appointmentId}/intake-form")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.FRONT_DESK)
@Tag(name = "Intake forms", description = "Forms sent before a visit, the patients' answers, and the changes they propose")
public class VisitIntakeResource {

    /**
     * @param questionnaire the form: {@code url|version} (or a url for its latest active version)
     * @param channel       sms or email; left out, the first the patient consented to
     */
    public record SendRequest(@NotBlank @Size(max = 600) String questionnaire, @Size(max = 5) String channel) {
    }

    /** A link sent: its state is sent, opened, completed, expired or revoked. */
    public record LinkView(UUID id, UUID appointmentId, UUID patientId, String questionnaire, String state,
                           Instant sentAt, Instant expiresAt, Instant openedAt, Instant completedAt, Instant revokedAt,
                           UUID messageId) {
    }

    /** A visit's forms: every link sent, newest first, and the changes its answers propose that wait for the desk. */
    public record VisitForms(UUID appointmentId, List<LinkView> links, List<ProposedChangeResource.ChangeView> changesWaiting) {
    }

    @Inject IntakeLinks links;
    @Inject IntakeForms forms;
    @Inject ProposedChanges changes;
    @Inject IntakeViews views;
    @Inject AppointmentService appointments;
    @Inject AuditSubjects touched;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Appointment", action = AuditAction.UPDATE)
    @Operation(summary = "Send a form for a visit", description = "Idempotency-Key required. Makes a single-use link "
            + "for the visit's patient and this form only, valid for reception.intake.link-valid-for, and asks for it to "
            + "be sent by SMS or e-mail (consent and quiet hours respected). Sending again revokes the visit's earlier "
            + "links to the same form. 422 when the form is not an active one; 409 when the visit has no patient or is over.")
    public Response send(@PathParam("appointmentId") UUID appointmentId,
                         @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid SendRequest request) {
        IntakeLinks.Sent sent = links.send(appointmentId, request.questionnaire(), request.channel());
        touched.add(sent.link().patientId);
        return Answers.created("/api/v1/appointments/" + appointmentId + "/intake-form", views.view(sent.link(), sent.form()));
    }

    @GET
    @Audited(resource = "Appointment", action = AuditAction.READ)
    @Operation(summary = "A visit's forms", description = "Every link sent for the visit with its state, and the changes "
            + "its answers propose that are still waiting for the desk.")
    public VisitForms get(@PathParam("appointmentId") UUID appointmentId) {
        touched.add(appointments.get(appointmentId).patientId);
        List<LinkView> sent = links.ofVisit(appointmentId).stream().map(l -> views.view(l, forms.get(l.formId))).toList();
        return new VisitForms(appointmentId, sent, changes.pendingForVisits(List.of(appointmentId)).stream()
                .map(views::view).toList());
    }

}
