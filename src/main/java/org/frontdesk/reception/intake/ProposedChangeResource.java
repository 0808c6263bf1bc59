package org.frontdesk.reception.intake;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.ContentStore;
import org.frontdesk.reception.shared.Downloads;
import org.frontdesk.reception.shared.Idempotent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/patients/{patientId}/proposed-changes}: what a patient's answered forms propose
 * to change in their record, for the desk to accept or reject, one change at a time.
 */
@Path("/api/v1/patients/{patientId}/proposed-changes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.FRONT_DESK)
@Tag(name = "Intake forms", description = "Forms sent before a visit, the patients' answers, and the changes they propose")
public class ProposedChangeResource {

    /**
     * A proposed change: a home address, a phone or a new coverage, as answered, or the card photos
     * sent with the link (kind card-photos: front and back, each with its imageId, type, size,
     * SHA-256 and content link);
     * {@code base} is the part of the record it replaces as it was then; {@code applied} what
     * accepting changed (for photos: the coverage and the card documents they became).
     */
    public record ChangeView(UUID id, UUID patientId, UUID appointmentId, UUID responseId, String kind,
                             Map<String, Object> proposed, Map<String, Object> base, long basePatientVersion,
                             String status, Instant proposedAt, Instant decidedAt, String decidedBy, String reason,
                             Map<String, Object> applied, UUID coverageId) {
    }

    public record RejectRequest(@Size(max = 500) String reason) {
    }

    @Inject ProposedChanges changes;
    @Inject IntakeViews views;
    @Inject ContentStore contents;

    @GET
    @Audited(resource = "Patient", action = AuditAction.READ)
    @Operation(summary = "A patient's proposed changes", description = "Newest first; status pending, accepted or "
            + "rejected filters them.")
    public List<ChangeView> list(@PathParam("patientId") UUID patientId,
                                 @QueryParam("status") @Pattern(regexp = "pending|accepted|rejected") String status) {
        return changes.ofPatient(patientId, status).stream().map(views::view).toList();
    }

    @POST
    @Path("/{changeId}/accept")
    @Transactional
    @Idempotent
    @Audited(resource = "Patient", action = AuditAction.UPDATE)
    @Operation(summary = "Accept a proposed change", description = "Applies it through the same rules as a change typed "
            + "at the desk (a new coverage passes the member-id checks) and records who, when and what changed. 409 "
            + "when the address or phone changed since the form was answered, or the change was already decided; "
            + "If-Match, when sent, is the patient's version (412 when stale). Card photos (kind card-photos) go to the "
            + "coverage named by coverageId (an active one of the patient's, else 422), else to the coverage the same "
            + "form's new card became (409 while that change is pending or after it was rejected), else to the "
            + "patient's primary coverage (409 when there is none); they become its card images.")
    public Response accept(@PathParam("patientId") UUID patientId, @PathParam("changeId") UUID changeId,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @QueryParam("coverageId") UUID coverageId) {
        ProposedChange c = changes.accept(patientId, changeId, ifMatch, coverageId);
        return Answers.ok(views.view(c), c.version);
    }

    @GET
    @Path("/{changeId}/photos/{side}")
    @Produces(MediaType.WILDCARD)
    @Audited(resource = "DocumentReference", action = AuditAction.READ)
    @Operation(summary = "Look at a card photo a patient sent", description = "The front or back photo of proposed card "
            + "photos (kind card-photos), as the patient sent it: its type as judged, its size as Content-Length, its "
            + "SHA-256 as the ETag (If-None-Match gives 304), as an attachment, never to be sniffed by the browser. "
            + "404 once the photos were rejected (their bytes are deleted then).")
    @APIResponse(responseCode = "200", description = "The image, as the type judged when it was sent", content = {
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/heic", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Response photo(@PathParam("patientId") UUID patientId, @PathParam("changeId") UUID changeId,
                          @PathParam("side") @Pattern(regexp = "front|back") String side,
                          @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        IntakeCardImage image = changes.cardPhoto(patientId, changeId, side);
        return Downloads.attachment(contents.stream(image.contentId, image.sizeBytes), image.contentType, image.sizeBytes,
                image.sha256, "card-" + side + "-" + changeId, ifNoneMatch);
    }

    @POST
    @Path("/{changeId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Audited(resource = "Patient", action = AuditAction.UPDATE)
    @Operation(summary = "Reject a proposed change", description = "Nothing in the record changes; who rejected it, "
            + "when and why is kept. Rejected card photos' bytes are deleted (their type, size and SHA-256 stay).")
    public Response reject(@PathParam("patientId") UUID patientId, @PathParam("changeId") UUID changeId,
                           @Valid RejectRequest request) {
        ProposedChange c = changes.reject(patientId, changeId, request == null ? null : request.reason());
        return Answers.ok(views.view(c), c.version);
    }

}
