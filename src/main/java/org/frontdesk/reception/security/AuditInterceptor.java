package org.frontdesk.reception.security;

import jakarta.inject.Inject;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.shared.ProblemException;

import java.lang.reflect.Parameter;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records every call of an {@link Audited} endpoint, after its transaction has ended (this
 * interceptor wraps {@code @Transactional}), with the outcome: the status answered, or the one
 * the failure will be answered with.
 */
@Audited(resource = "", action = AuditAction.READ)
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class AuditInterceptor {

    private static final Pattern UUID_IN_PATH = Pattern.compile(
            "/(?:patients|Patient)/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    @Inject AuditTrail trail;

    @AroundInvoke
    Object audit(InvocationContext ctx) throws Exception {
        Audited audited = ctx.getMethod().getAnnotation(Audited.class);
        if (audited == null) {
            audited = ctx.getMethod().getDeclaringClass().getAnnotation(Audited.class);
        }
        String id = idParameter(ctx);
        UUID patientParam = patientParameter(ctx);
        Object result;
        try {
            result = ctx.proceed();
        } catch (Exception e) {
            trail.record(audited.action(), audited.resource(), id,
                    patientParam != null ? patientParam : patientId(audited, id, null), statusOf(e));
            throw e;
        }
        int status = result instanceof Response r ? r.getStatus() : 200;
        if (id == null && result instanceof Response r) {
            id = idFromHeaders(r);
        }
        trail.record(audited.action(), audited.resource(), id,
                patientParam != null ? patientParam : patientId(audited, id, result), status);
        return result;
    }

    /** A {@code patientId} path or query parameter names the patient whose data the call touches. */
    private static UUID patientParameter(InvocationContext ctx) {
        Parameter[] params = ctx.getMethod().getParameters();
        for (int i = 0; i < params.length; i++) {
            if (params[i].getName().equals("patientId") && ctx.getParameters()[i] instanceof UUID u) {
                return u;
            }
        }
        return null;
    }

    private static String idParameter(InvocationContext ctx) {
        Parameter[] params = ctx.getMethod().getParameters();
        for (int i = 0; i < params.length; i++) {
            String name = params[i].getName();
            if ((name.equals("id") || name.equals("patientId")) && ctx.getParameters()[i] != null) {
                return ctx.getParameters()[i].toString();
            }
        }
        return null;
    }

    private static String idFromHeaders(Response r) {
        for (String header : new String[]{"Location", "Content-Location"}) {
            Object value = r.getHeaders().getFirst(header);
            if (value != null) {
                Matcher m = UUID_IN_PATH.matcher(value.toString());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static final Pattern PATIENT_IN_JSON = Pattern.compile(
            "\"patientId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

    /** The patient touched: the id itself for Patient endpoints, else the answer's {@code patientId}. */
    private static UUID patientId(Audited audited, String id, Object result) {
        try {
            if ("Patient".equals(audited.resource())) {
                return id == null ? null : UUID.fromString(id);
            }
            Object entity = result instanceof Response r ? r.getEntity() : result;
            if (entity instanceof String json) {
                Matcher m = PATIENT_IN_JSON.matcher(json);
                return m.find() ? UUID.fromString(m.group(1)) : null;
            }
            if (entity != null && entity.getClass().isRecord()) {
                for (var c : entity.getClass().getRecordComponents()) {
                    if (c.getName().equals("patientId") && c.getType() == UUID.class) {
                        return (UUID) c.getAccessor().invoke(entity);
                    }
                }
            }
            return null;
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The status a failure will be answered with, as the audit trail records it. */
    public static int statusOf(Throwable e) {
        if (e instanceof ProblemException p) {
            return p.problem().status();
        }
        if (e instanceof WebApplicationException w && w.getResponse() != null) {
            return w.getResponse().getStatus();
        }
        if (e instanceof ConstraintViolationException) {
            return 400;
        }
        if (e instanceof OptimisticLockException) {
            return 412;
        }
        if (e instanceof io.quarkus.security.ForbiddenException) {
            return 403;
        }
        if (e instanceof io.quarkus.security.UnauthorizedException) {
            return 401;
        }
        String name = e.getClass().getSimpleName();
        return name.endsWith("ParseException") ? 400 : 500;
    }
}
