package org.frontdesk.reception.shared;

import jakarta.enterprise.context.RequestScoped;

/** The {@link Idempotent#phased} call of the current request, handed from the interceptor to {@link Idempotency#phased}. */
@RequestScoped
public class IdempotencyContext {

    private Idempotency.Call phased;
    private boolean expected;
    private boolean started;

    void expectPhased(Idempotency.Call call) {
        this.phased = call;
        this.expected = true;
        this.started = false;
    }

    /** The call to claim with the first step (null when the request carries no key); once per request. */
    Idempotency.Call startPhased() {
        if (!expected) {
            throw new IllegalStateException("Idempotency.phased runs only in an @Idempotent(phased = true) call");
        }
        if (started) {
            throw new IllegalStateException("A phased idempotent call runs once per request");
        }
        started = true;
        return phased;
    }

    /** Whether a phased call that was expected ran through {@link Idempotency#phased}. */
    boolean phasedRan() {
        return !expected || started;
    }
}
