package org.frontdesk.reception.security;

import jakarta.inject.Inject;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.shared.Errors;
import org.frontdesk.reception.shared.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * No token, a bad signature, the wrong issuer or audience, or an expired token: 401. A role or
 * scope that doesn't allow the call: 403. Both in the face's own error format; neither says
 * which check failed beyond what the caller needs to fix it.
 */
public class SecurityExceptionMappers {

    @Inject Errors errors;

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        Response r = errors.render(Problem.of(401, "/problems/unauthenticated", "Not authenticated",
                "Send a valid, unexpired bearer token from the configured identity provider."), uri.getPath(), headers);
        return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        String detail = "scope".equals(e.getMessage())
                ? "Your token's SMART scopes do not grant this interaction on this resource type."
                : "Your role does not allow this call.";
        return errors.render(Problem.of(403, "/problems/forbidden", "Forbidden", detail), uri.getPath(), headers);
    }
}
