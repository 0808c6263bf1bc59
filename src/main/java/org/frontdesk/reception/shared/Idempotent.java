package org.frontdesk.reception.shared;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a mutating call that honours an {@code Idempotency-Key} header: a retry with the same key
 * and the same request replays the first answer ({@code Idempotent-Replayed: true}); the same key
 * with another request is refused with 422. Keys belong to the caller: its client and its user.
 *
 * <p>The key is claimed in the call's own transaction (the method is {@code @Transactional}), so
 * the work and its kept answer commit together or not at all. The operation and the request are
 * read from the call itself: its method, path, query and arguments. See {@link IdempotencyInterceptor}.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {

    /** Whether a call without a key is refused (400): calls that create or send something a retry would repeat. */
    @Nonbinding
    boolean required() default false;

    /**
     * The call commits a first step before it calls out (an insurer) and so can't hold one
     * transaction: it claims the key with that step itself through {@link Idempotency#phased},
     * and the interceptor only checks that it did.
     */
    @Nonbinding
    boolean phased() default false;
}
