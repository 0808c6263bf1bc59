package org.frontdesk.reception.shared;

import jakarta.enterprise.context.RequestScoped;

/**
 * What the current request's {@link Idempotent} call did: its {@link Idempotent#phased} call,
 * handed from the interceptor to {@link Idempotency#phased}, and whether it was a replay.
 */
@RequestScoped
public class IdempotencyContext {

    private Idempotency.Call phased;
    private boolean replayed;
    private boolean expected;
    private boolean started;

    void expectPhased(Idempotency.Call call) {
        this.phased = call;
        this.expected = true;
        this.started = false;
    }

    /** The call to claim with the first step (null when the request carries no key); once per request. */
    Idempotency.Call startPhased() {
        if (started) {
            throw new IllegalStateException("A phased idempotent call runs once per request");
        }
        started = true;
        return phased;
    }

    void replayed() {
        this.replayed = true;
    }

    /** Whether this request's answer is a replay of a kept one. */
    boolean isReplayed() {
        return replayed;
    }

    /** Whether a phased call that was expected ran through {@link Idempotency#phased}. */
    boolean phasedRan() {
        return !expected || started;
    }
}
