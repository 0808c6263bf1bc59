package org.frontdesk.reception.security;

import jakarta.inject.Inject;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.frontdesk.reception.shared.RequestIdentity;

import java.security.Principal;
import java.util.TreeSet;

/**
 * The caller of the current request, as features and the audit trail see it: the token's
 * subject, its client and roles, and the address the request came from.
 */
@RequestScoped
public class Caller implements RequestIdentity {

    private static final String ANONYMOUS = "anonymous";

    @Inject SecurityIdentity identity;
    @Inject Instance<RoutingContext> routing;

    /** Stable id of the calling client application (azp / client_id claim, else the subject). */
    @Override
    public String clientId() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            for (String claim : new String[]{"azp", "client_id"}) {
                Object v = jwt.getClaim(claim);
                if (v != null) {
                    return v.toString();
                }
            }
        }
        return subject();
    }

    /** The token's subject: a person at the desk, or a system. */
    @Override
    public String subject() {
        if (identity.isAnonymous()) {
            return ANONYMOUS;
        }
        Principal p = identity.getPrincipal();
        if (p instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return p == null ? ANONYMOUS : p.getName();
    }

    /** Who to name in "recorded by" columns: the user name if the token has one, else the subject. */
    public String userName() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object name = jwt.getClaim("preferred_username");
            if (name != null) {
                return name.toString();
            }
        }
        return subject();
    }

    /** The token's SMART scopes, space-separated, or null. */
    public String scopes() {
        Object scope = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("scope") : null;
        return scope == null ? null : scope.toString();
    }

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    public String roles() {
        return String.join(",", new TreeSet<>(identity.getRoles()));
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** HTTP method, path and query string of the request, or nulls outside a request. */
    public String[] request() {
        if (routing.isResolvable()) {
            try {
                var r = routing.get().request();
                return new String[]{r.method().name(), r.path(), r.query()};
            } catch (RuntimeException e) {
                return new String[]{null, null, null};
            }
        }
        return new String[]{null, null, null};
    }

    /** The client's address (the proxy's, unless forwarded headers are trusted by configuration). */
    public String sourceAddress() {
        if (routing.isResolvable()) {
            try {
                var remote = routing.get().request().remoteAddress();
                return remote == null ? null : remote.hostAddress();
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
