package org.frontdesk.reception.security;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who to name as having made a change: the caller inside a request, {@code system} for the
 * background jobs, which run outside any request.
 */
@ApplicationScoped
public class Actors {

    public static final String SYSTEM = "system";

    private final Caller caller;

    public Actors(Caller caller) {
        this.caller = caller;
    }

    public String current() {
        return Arc.container().requestContext().isActive() ? caller.userName() : SYSTEM;
    }
}
