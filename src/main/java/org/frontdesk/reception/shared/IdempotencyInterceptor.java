package org.frontdesk.reception.shared;

import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * Runs an {@link Idempotent} call once per key. It sits inside the call's transaction (after
 * {@code @Transactional}'s interceptor), so the claim of the key, the work and the kept answer
 * are one transaction; a replay returns the kept answer without doing the work again. The method
 * answers a {@link Response}, and both the first answer and a replay are sent as the kept JSON, so
 * they are the same to the byte.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 300)
public class IdempotencyInterceptor {

    @Inject Idempotency idempotency;
    @Inject IdempotencyContext context;

    @AroundInvoke
    Object once(InvocationContext ctx) throws Exception {
        Idempotent spec = ctx.getMethod().getAnnotation(Idempotent.class);
        if (spec == null) {
            spec = ctx.getMethod().getDeclaringClass().getAnnotation(Idempotent.class);
        }
        Optional<Idempotency.Call> call = idempotency.current(spec.required(), ctx.getParameters());
        if (spec.phased()) {
            context.expectPhased(call.orElse(null));
            Object result = ctx.proceed();
            if (!context.phasedRan()) {
                throw new IllegalStateException(ctx.getMethod() + " is @Idempotent(phased) but did not run "
                        + "through Idempotency.phased");
            }
            return result;
        }
        if (!Response.class.equals(ctx.getMethod().getReturnType())) {
            throw new IllegalStateException(ctx.getMethod() + " is @Idempotent and must answer a Response: a replay "
                    + "is the kept answer, status, headers and body");
        }
        if (!QuarkusTransaction.isActive()) {
            throw new IllegalStateException(ctx.getMethod() + " is @Idempotent and must be @Transactional: the key "
                    + "is claimed in the call's transaction");
        }
        if (call.isEmpty()) {
            return ctx.proceed();
        }
        Optional<StoredResponse> kept = idempotency.claim(call.get());
        if (kept.isPresent()) {
            return kept.get().toResponse(true);
        }
        StoredResponse answer = idempotency.answerOf(ctx.proceed());
        idempotency.keep(call.get(), answer);
        return answer.toResponse(false);
    }
}
