package org.frontdesk.reception.shared;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Marks a replayed answer ({@code Idempotent-Replayed: true}) also when the {@link Idempotent}
 * method answers a plain body, which can't carry headers itself.
 */
public class ReplayHeader {

    @Inject IdempotencyContext context;

    @ServerResponseFilter
    public void mark(ContainerResponseContext response) {
        if (context.isReplayed() && !response.getHeaders().containsKey(Idempotency.REPLAYED)) {
            response.getHeaders().putSingle(Idempotency.REPLAYED, "true");
        }
    }
}
