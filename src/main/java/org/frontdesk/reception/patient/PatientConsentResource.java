package org.frontdesk.reception.patient;

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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.patient.PatientConsentJson.ConsentRequest;
import org.frontdesk.reception.patient.PatientConsentJson.ConsentView;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotent;

import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/patients/{patientId}/consents}: what the patient signed or refused (privacy
 * notice, financial policy) and agreed to (SMS, e-mail), with the policy version, date and
 * signed document; the history stays.
 */
@Path("/api/v1/patients/{patientId}/consents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.FRONT_DESK, Roles.BILLING})
@Tag(name = "Patients", description = "Register, find and update patients")
public class PatientConsentResource {

    @Inject Consents consents;

    @GET
    @Audited(resource = "Consent", action = AuditAction.SEARCH)
    @Operation(summary = "A patient's consents", description = "Newest first (at most 500); current=true for only "
            + "the decisions in force, kind to pick one policy.")
    public List<ConsentView> list(@PathParam("patientId") UUID patientId, @QueryParam("kind") String kind,
                                  @QueryParam("current") @DefaultValue("false") boolean current) {
        return consents.of(patientId, kind, current ? true : null, 0, 500).items().stream().map(ConsentView::of).toList();
    }

    @RolesAllowed(Roles.FRONT_DESK)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Consent", action = AuditAction.CREATE)
    @Operation(summary = "Record a consent", description = "Idempotency-Key required. Supersedes the patient's current "
            + "decision of that kind. An SMS or e-mail decision is what every message to the patient obeys.")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(schema = @Schema(implementation = ConsentView.class)))
    public Response record(@PathParam("patientId") UUID patientId,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ConsentRequest request) {
        PatientConsent c = consents.record(patientId, new Consents.Decision(request.kind(),
                "permit".equals(request.decision()), request.policyVersion(), request.givenAt(), request.documentId(),
                "desk"));
        return Answers.created("/api/v1/patients/" + patientId + "/consents/" + c.id, ConsentView.of(c));
    }
}
