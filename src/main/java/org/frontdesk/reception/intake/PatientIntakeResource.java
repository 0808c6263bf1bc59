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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.AuditSubjects;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.ProblemException;

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

    /** The form behind a link: the FHIR Questionnaire, the url|version to answer, and until when. */
    public record LinkForm(String questionnaire, Instant expiresAt,
                           @Schema(description = "The FHIR R4 Questionnaire (JSON)") JsonNode form) {
    }

    /** A response kept: its id and how many changes to the patient's record it proposes for the desk. */
    public record Submitted(UUID id, String status, long changesProposed) {
    }

    @Inject IntakeLinks links;
    @Inject IntakeResponses responses;
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
            return new LinkForm(sent.form().canonical(), sent.link().expiresAt, json.readTree(sent.form().body));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
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
            + "answers (address, phone, insurance card) are proposed to the desk, never applied on their own.")
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
