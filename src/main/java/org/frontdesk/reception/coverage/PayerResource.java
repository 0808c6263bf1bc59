package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.coverage.CoverageJson.PayerRequest;
import org.frontdesk.reception.coverage.CoverageJson.PayerView;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.Idempotent;

import java.util.List;
import java.util.UUID;

/** {@code /api/v1/payers}: the insurer directory, kept by administrators, read by the desk and billing. */
@Path("/api/v1/payers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payers", description = "Insurers and how their endpoints are reached")
public class PayerResource {

    @Inject PayerService payers;
    @Inject CoverageMapper mapper;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a payer", description = "Idempotency-Key required. authSecretName names the environment variable that holds the "
            + "OAuth2 client secret or API key; secrets are never sent to or stored by this API.")
    public Response add(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid PayerRequest request) {
        Payer p = payers.add(mapper.toEntity(request));
        return Answers.created("/api/v1/payers/" + p.id, p.version, mapper.toView(p));
    }

    @GET
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "List payers")
    public List<PayerView> list() {
        return payers.list().stream().map(mapper::toView).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "Read a payer")
    public Response get(@PathParam("id") UUID id) {
        Payer p = payers.get(id);
        return Answers.ok(mapper.toView(p), p.version);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a payer", description = "If-Match required. Takes effect on the next call to the insurer.")
    public Response update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid PayerRequest request) {
        Payer p = payers.update(id, ifMatch, mapper.toEntity(request));
        return Answers.ok(mapper.toView(p), p.version);
    }
}
