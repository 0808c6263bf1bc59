package org.frontdesk.reception.security;

import jakarta.inject.Inject;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ResourceInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Holds an {@code ehr-system} caller to the SMART scopes of its token: a FHIR method marked
 * {@link SmartScope} runs only if a scope grants that interaction. Anonymous callers are left to
 * the role check, which answers 401.
 */
public class SmartScopeCheck {

    @Inject CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Void> checkScope(ResourceInfo resource) {
        SmartScope required = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(SmartScope.class);
        if (required == null) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().onItem().transform(identity -> {
            if (identity.isAnonymous() || !identity.hasRole(Roles.EHR_SYSTEM)) {
                return null;
            }
            Object scope = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("scope") : null;
            if (!SmartScopePolicy.permits(scope == null ? null : scope.toString(), required.resource(),
                    required.interaction())) {
                throw new ForbiddenException("scope");
            }
            return null;
        });
    }
}
