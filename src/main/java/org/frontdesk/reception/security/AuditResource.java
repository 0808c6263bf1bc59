package org.frontdesk.reception.security;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.shared.PageResult;

import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code /api/v1/audit}: the audit trail, for administrators. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Who looked at or changed patient data")
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    @Inject AuditQuery audit;

    @GET
    @Operation(summary = "Search the audit trail", description = "Newest first. Every criterion given must hold.")
    public AuditPage search(
            @Parameter(description = "Patient whose data was touched") @QueryParam("patient") UUID patient,
            @Parameter(description = "Token subject of the caller") @QueryParam("agent") String agent,
            @Parameter(description = "From this instant (inclusive)") @QueryParam("from") OffsetDateTime from,
            @Parameter(description = "Until this instant (exclusive)") @QueryParam("to") OffsetDateTime to,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        PageResult<AuditEvent> result = audit.find(patient, agent, from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(), page * size, size);
        return new AuditPage(result.items().stream().map(AuditView::of).toList(), page, size, result.total());
    }
}
