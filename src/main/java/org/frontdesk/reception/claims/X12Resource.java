package org.frontdesk.reception.claims;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
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
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.X12Upload;

import java.io.BufferedOutputStream;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/x12}: the billing desk's X12 files: 837P batches of ready claims to upload at a
 * clearinghouse's portal, and acknowledgments and remittances (999, 277CA, 277, 835) downloaded
 * from one, applied to the claims. (Clearinghouses with an API are polled by the app itself.)
 */
@Path("/api/v1/x12")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.BILLING)
@Tag(name = "X12", description = "837P batches out; 999, 277CA, 277 and 835 in")
public class X12Resource {

    @Inject ClaimBatches batches;
    @Inject X12Inbound inbound;

    /** The claims of a new batch: every ready claim to the payer, or those named (all ready). */
    public record BatchRequest(UUID payerId, @Size(max = 20000) List<@NotNull UUID> claimIds) {
    }

    public record AppliedView(String kind, int claimsAnswered, List<String> notes,
                              List<RemittanceResource.PostedPayment> payments) {
    }

    @POST
    @Path("/837-batches")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "ClaimBatch", action = AuditAction.CREATE)
    @Operation(summary = "Take ready claims into an 837P batch", description = "Idempotency-Key required. Every ready "
            + "(scrubbed) claim to payerId, or the claims named (all must be ready), up to "
            + "reception.claims.max-batch-claims; each becomes submitted with its place in the batch. The file is "
            + "at /837-batches/{id}/837.")
    public Response createBatch(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid BatchRequest request) {
        ClaimJson.Batch b = batches.create(request.payerId(), request.claimIds());
        return Answers.created("/api/v1/x12/837-batches/" + b.id(), b);
    }

    @GET
    @Path("/837-batches/{id}")
    @Audited(resource = "ClaimBatch", action = AuditAction.READ)
    @Operation(summary = "Read an 837P batch", description = "Its envelope numbers, claim count and total charge.")
    public ClaimJson.Batch batch(@PathParam("id") UUID id) {
        return batches.get(id);
    }

    @GET
    @Path("/837-batches/{id}/837")
    @Produces("application/edi-x12")
    @Audited(resource = "ClaimBatch", action = AuditAction.READ)
    @Operation(summary = "The batch's 837P file", description = "Streamed as written (005010X222A1, at most 5000 "
            + "claims per transaction set), from the batch's claims under its envelope numbers: download it again if "
            + "the first download broke off.")
    public Response file(@PathParam("id") UUID id) {
        ClaimJson.Batch b = batches.get(id);
        StreamingOutput body = out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
            batches.write(b.id(), buffered);
            buffered.flush();
        };
        return Response.ok(body, "application/edi-x12")
                .header("Content-Disposition", "attachment; filename=\"837P-" + b.interchangeNumber() + ".x12\"").build();
    }

    @POST
    @Path("/inbound")
    @Consumes({"application/edi-x12", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Transactional
    @Idempotent
    @Audited(resource = "X12File", action = AuditAction.CREATE)
    @Operation(summary = "Apply a 999, 277CA, 277 or 835", description = "The file as downloaded from a clearinghouse or "
            + "payer. A 999 accepts or rejects the claims of the transaction sets it answers (with the segment and "
            + "element errors as the reason); a 277CA or 277 sets each claim's status and payer claim number; an 835 is "
            + "posted as at /api/v1/remittances. A file that is not valid X12 of these kinds is refused (422).")
    @RequestBody(content = @Content(mediaType = "application/edi-x12", schema = @Schema(type = SchemaType.STRING)))
    public Response apply(X12Upload file) {
        try (file) {
            X12Inbound.Applied a = inbound.apply(file.path(), file.sha256());
            return Response.ok(new AppliedView(a.kind(), a.claims(), a.notes(), a.payments().stream()
                    .map(RemittanceResource::posted).toList())).build();
        }
    }
}
