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
    @Inject AuditSubjects subjects;

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
            java.util.Set<UUID> touched = new java.util.LinkedHashSet<>();
            touched.add(patientParam != null ? patientParam : patientId(audited, id, null));
            touched.addAll(subjects.take());
            trail.recordAll(audited.action(), audited.resource(), id, touched, statusOf(e));
            throw e;
        }
        int status = result instanceof Response r ? r.getStatus() : 200;
        if (id == null && result instanceof Response r) {
            id = idFromHeaders(r);
        }
        java.util.Set<UUID> touched = new java.util.LinkedHashSet<>();
        touched.add(patientParam != null ? patientParam : patientId(audited, id, result));
        touched.addAll(patientIds(result));
        touched.addAll(subjects.take());
        trail.recordAll(audited.action(), audited.resource(), id, touched, status);
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

    /**
     * Every patient an answer names: the {@code patientId} of each record in it, of each item of a
     * list or page in it (one level down), or each {@code "patientId"} of a JSON answer.
     */
    private static java.util.List<UUID> patientIds(Object result) {
        java.util.List<UUID> out = new java.util.ArrayList<>();
        Object entity = result instanceof Response r ? r.getEntity() : result;
        try {
            if (entity instanceof String json) {
                Matcher m = PATIENT_IN_JSON.matcher(json);
                while (m.find() && out.size() < AuditSubjects.MAX) {
                    out.add(UUID.fromString(m.group(1)));
                }
                return out;
            }
            collect(entity, out, 0);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            // what can't be read names no one; the call's own patient is still recorded
        }
        return out;
    }

    private static void collect(Object o, java.util.List<UUID> out, int depth) throws ReflectiveOperationException {
        if (o == null || depth > 2 || out.size() >= AuditSubjects.MAX) {
            return;
        }
        if (o instanceof java.util.Collection<?> c) {
            for (Object item : c) {
                collect(item, out, depth + 1);
            }
            return;
        }
        if (!o.getClass().isRecord()) {
            return;
        }
        for (var c : o.getClass().getRecordComponents()) {
            Object v = c.getAccessor().invoke(o);
            if (c.getName().equals("patientId") && v instanceof UUID u) {
                out.add(u);
            } else if (v instanceof java.util.Collection<?>) {
                collect(v, out, depth + 1);
            }
        }
    }

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
        if (org.frontdesk.reception.shared.ExceptionMappers.databaseUnavailable(e)) {
            return 503;
        }
        String name = e.getClass().getSimpleName();
        return name.endsWith("ParseException") ? 400 : 500;
    }
}
