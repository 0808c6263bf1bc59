package org.frontdesk.reception.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.AuditSubjects;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Upload;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/intake}: the patient's side of a form, with no login. The link's token is the
 * only key: the frontend reads it from the link's fragment and sends it in the {@value #TOKEN}
 * header (never in the URL, so it stays out of logs). Showing the form does not use the link up;
 * submitting does. An unknown, used, expired or replaced link gets the same 410.
 */
@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Intake forms", description = "Forms sent before a visit, the patients' answers, and the changes they propose")
public class PatientIntakeResource {

    public static final String TOKEN = "X-Intake-Token";

    /**
     * The form behind a link: the FHIR Questionnaire, the url|version to answer, until when, and the
     * card photos already sent with it.
     */
    public record LinkForm(String questionnaire, Instant expiresAt,
                           @Schema(description = "The FHIR R4 Questionnaire (JSON)") JsonNode form,
                           List<CardPhoto> cardPhotos) {
    }

    /** A photo of one side of the insurance card, kept with the link until the form is submitted. */
    public record CardPhoto(String side, String contentType, long size, String sha256, Instant addedAt) {
        static CardPhoto of(IntakeCardImage i) {
            return new CardPhoto(i.side, i.contentType, i.sizeBytes, i.sha256, i.createdAt);
        }
    }

    /** A response kept: its id and how many changes to the patient's record it proposes for the desk. */
    public record Submitted(UUID id, String status, long changesProposed) {
    }

    @Inject IntakeLinks links;
    @Inject IntakeResponses responses;
    @Inject IntakeCards cards;
    @Inject AuditSubjects touched;
    @Inject ObjectMapper json;

    @GET
    @Path("/form")
    @PermitAll
    @Audited(resource = "Questionnaire", action = AuditAction.READ)
    @Operation(summary = "The form behind a link (patient, no login)", description = "Token in the " + TOKEN
            + " header. Marks the link opened; it stays usable until a response is submitted. 410 for a link that "
            + "can't be used (unknown, used, expired or replaced).")
    public LinkForm form(@HeaderParam(TOKEN) String token) {
        IntakeLinks.Sent sent = links.open(token);
        touched.add(sent.link().patientId);
        try {
            return new LinkForm(sent.form().canonical(), sent.link().expiresAt, json.readTree(sent.form().body),
                    cards.ofLink(sent.link().id).stream().map(CardPhoto::of).toList());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @PUT
    @Path("/card/{side}")
    @PermitAll
    @Transactional
    @Idempotent
    @Audited(resource = "DocumentReference", action = AuditAction.CREATE)
    @Operation(summary = "Send a photo of the insurance card with a link (patient, no login)", description = "Token in "
            + "the " + TOKEN + " header; side is front or back; the body is the image's bytes (JPEG, PNG or HEIC, judged "
            + "by content and matching the Content-Type; 415 otherwise, 413 over reception.documents.max-size). One "
            + "photo per side: sending a side again replaces it. Taken while the link is usable (410 otherwise); "
            + "submitting the form proposes the photos to the desk, who puts them on a coverage. At most a few photos "
            + "are received at once per instance (503 with Retry-After beyond); the body needs a Content-Length (411).")
    @RequestBody(content = {
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/heic", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "200", description = "The photo kept for this side",
            content = @Content(schema = @Schema(implementation = CardPhoto.class)))
    @APIResponse(responseCode = "410", description = "The link can't be used (unknown, used, expired or replaced)")
    @APIResponse(responseCode = "413", description = "Over the size limit")
    @APIResponse(responseCode = "415", description = "Not a JPEG, PNG or HEIC image, or not what the Content-Type says")
    public Response cardPhoto(@HeaderParam(TOKEN) String token,
                              @PathParam("side") @jakarta.validation.constraints.Pattern(regexp = "front|back") String side,
                              Upload image) {
        IntakeCardImage kept = cards.keep(token, side, image);
        touched.add(IntakeLink.<IntakeLink>findById(kept.linkId).patientId);
        return Response.ok(CardPhoto.of(kept)).build();
    }

    @POST
    @Path("/response")
    @Consumes({MediaType.APPLICATION_JSON, "application/fhir+json"})
    @PermitAll
    @Transactional
    @Idempotent
    @Audited(resource = "QuestionnaireResponse", action = AuditAction.CREATE)
    @Operation(summary = "Submit the answers to a link's form (patient, no login)", description = "Token in the "
            + TOKEN + " header; the body is a FHIR R4 QuestionnaireResponse (status completed) for the link's form "
            + "(questionnaire and subject may be left out; if given they must be the link's, else 403). Answers that "
            + "don't fit the form get a 422 naming each item (errors[].detail starts with item '<linkId>', "
            + "linkIds lists them) and leave the link usable to try again; a kept response uses the link up. Mapped "
            + "answers (address, phone, insurance card), and the card photos sent with the link, are proposed to the "
            + "desk, never applied on their own.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(description = "A FHIR R4 QuestionnaireResponse")))
    public Response submit(@HeaderParam(TOKEN) String token, byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest(ExceptionMappers.BODY_REQUIRED,
                    List.of(new FieldError(null, ExceptionMappers.BODY_REQUIRED)));
        }
        IntakeResponse r = responses.submitByLink(token, new String(body, StandardCharsets.UTF_8));
        touched.add(r.patientId);
        return Answers.created(null, new Submitted(r.id, r.status, ProposedChange.count("responseId", r.id)));
    }
}
