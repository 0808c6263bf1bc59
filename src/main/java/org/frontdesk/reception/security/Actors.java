package org.frontdesk.reception.security;

import jakarta.inject.Inject;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who to name as having made a change: the signed-in caller inside a request, {@code system} for
 * the background jobs and start-up work, which run outside any request or without a caller.
 */
@ApplicationScoped
public class Actors {

    public static final String SYSTEM = "system";

    @Inject Caller caller;

    public String current() {
        return Arc.container().requestContext().isActive() && !caller.isAnonymous() ? caller.userName() : SYSTEM;
    }
}
