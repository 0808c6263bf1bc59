package org.frontdesk.reception.patient;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.patient.DocumentJson.DocumentPage;
import org.frontdesk.reception.patient.DocumentJson.DocumentView;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScopePolicy;
import io.quarkus.security.ForbiddenException;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.Downloads;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Upload;

import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/patients/{patientId}/documents}: files in a patient's record. Uploads are the
 * file's bytes as the body (spooled, judged by content, hashed); reads of the list, of one
 * document and of its bytes are each in the audit trail.
 */
@Path("/api/v1/patients/{patientId}/documents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.FRONT_DESK, Roles.BILLING})
@Tag(name = "Documents", description = "Files in a patient's record: scans, referrals, signed forms")
public class DocumentResource {

    @Inject DocumentService documents;
    @Inject Caller caller;

    @RolesAllowed(Roles.FRONT_DESK)
    @POST
    @Transactional
    @Idempotent
    @Audited(resource = "DocumentReference", action = AuditAction.CREATE)
    @Operation(summary = "Add a document", description = "The file's bytes as the body, with its type as the "
            + "Content-Type: application/pdf, image/jpeg, image/png or image/heic. The type is judged by the content: a "
            + "file that is none of these, or not the type its Content-Type says, is refused with 415. At most "
            + "reception.documents.max-size bytes (413). Insurance card images are added to their coverage instead.")
    @RequestBody(content = {
            @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/heic", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "201", description = "Kept", content = @Content(schema = @Schema(implementation = DocumentView.class)))
    @APIResponse(responseCode = "413", description = "Over the size limit")
    @APIResponse(responseCode = "415", description = "Not a PDF, JPEG, PNG or HEIC, or not what the Content-Type says")
    public Response add(@PathParam("patientId") UUID patientId,
                        @Parameter(description = "referral, photo-id, consent, medical-record or other (the default)")
                        @QueryParam("kind") String kind,
                        @Parameter(description = "A short title, at most 200 characters") @QueryParam("title") String title,
                        Upload file) {
        try (file) {
            Document d = documents.add(patientId, kind, title, file);
            return Answers.created("/api/v1/patients/" + patientId + "/documents/" + d.id, d.version,
                    DocumentJson.view(d));
        }
    }

    @GET
    @Audited(resource = "DocumentReference", action = AuditAction.SEARCH)
    @Operation(summary = "A patient's documents", description = "Their metadata, newest first; kind narrows the list.")
    public DocumentPage list(@PathParam("patientId") UUID patientId,
                             @Parameter(description = "Only documents of this kind") @QueryParam("kind") String kind,
                             @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
                             @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        PageResult<Document> found = documents.search(patientId, null, kind == null ? null : List.of(kind),
                Criteria.NONE, Math.multiplyExact(page, size), size);
        return new DocumentPage(found.items().stream().map(DocumentJson::view).toList(), page, size, found.total());
    }

    @GET
    @Path("/{documentId}")
    // the document's id first: the audit record names it (and the patient by patientId)
    @Audited(resource = "DocumentReference", action = AuditAction.READ)
    @Operation(summary = "Read a document's metadata", description = "Type, size, SHA-256, when and by whom it was "
            + "added, its kind and what it is attached to; the bytes are at its content link.")
    public DocumentView get(@PathParam("documentId") UUID id, @PathParam("patientId") UUID patientId) {
        return DocumentJson.view(documents.get(patientId, id));
    }

    @GET
    @Path("/{documentId}/content")
    @Produces(MediaType.WILDCARD)
    // an EHR follows a DocumentReference's attachment url here, with its DocumentReference read scope
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.EHR_SYSTEM})
    @Audited(resource = "DocumentReference", action = AuditAction.READ)
    @Operation(summary = "Download a document's bytes", description = "Served as the type judged when it was taken, "
            + "with its size as Content-Length, its SHA-256 as the ETag (If-None-Match gives 304), as an attachment, "
            + "never to be sniffed by the browser.")
    @APIResponse(responseCode = "200", description = "The file, as the type judged when it was taken", content = {
            @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/heic", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Response content(@PathParam("documentId") UUID id, @PathParam("patientId") UUID patientId,
                            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        if (caller.hasRole(Roles.EHR_SYSTEM) && !SmartScopePolicy.permits(caller.scopes(), "DocumentReference", 'r')) {
            throw new ForbiddenException("scope");
        }
        Document d = documents.get(patientId, id);
        return Downloads.attachment(documents.content(d), d.contentType, d.sizeBytes, d.sha256, "document-" + d.id,
                ifNoneMatch);
    }
}
