package org.frontdesk.reception.security;

import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the current request, as features see it. Until bearer tokens are verified
 * (issue 3) every caller is the same anonymous client; features already ask only this bean, so
 * switching to the token's subject changes nothing in them.
 */
@RequestScoped
public class Caller {

    /** Stable id of the calling client (token subject or client id once authentication exists). */
    public String clientId() {
        return "anonymous";
    }

    /** Who to name in "recorded by" columns. */
    public String userName() {
        return "anonymous";
    }
}
