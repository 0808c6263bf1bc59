package org.frontdesk.reception.security;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that reads or changes patient data: every call is recorded in the audit
 * trail with who, what, when, from where and the outcome, whether it succeeds or fails.
 * The patient is taken from a parameter named {@code id} or {@code patientId}, or from the
 * Location / Content-Location of the answer.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {

    /** The resource type read or changed, e.g. {@code Patient}. */
    @Nonbinding
    String resource();

    @Nonbinding
    AuditAction action();
}
