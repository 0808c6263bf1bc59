package org.frontdesk.reception.shared;

import jakarta.inject.Inject;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every failure into a clear answer on the face it came in on: problem+json on
 * {@code /api}, OperationOutcome on {@code /fhir}. Bodies never carry stack traces, class
 * names, SQL or the caller's input echoed back (it may be PHI).
 */
public class ExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);
    /** Message of the {@code @NotNull} on request bodies. */
    public static final String BODY_REQUIRED = "body required";
    /**
     * Names of {@code @AssertTrue isX()} checks that judge a whole object (e.g. "has some name"):
     * their error points at the object, not at a field that doesn't exist in the JSON.
     */
    private static final java.util.Set<String> WHOLE_OBJECT_CHECKS = java.util.Set.of("named");

    @Inject Errors errors;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        return errors.render(e.problem(), uri.getPath(), headers);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        List<FieldError> fieldErrors = e.getConstraintViolations().stream()
                .map(ExceptionMappers::fieldError)
                .sorted(Comparator.comparing(f -> f.pointer() == null ? "" : f.pointer()))
                .toList();
        String detail = fieldErrors.size() == 1
                ? (fieldErrors.get(0).pointer() == null ? fieldErrors.get(0).detail()
                : "Field " + fieldErrors.get(0).pointer() + " " + fieldErrors.get(0).detail()) + "."
                : fieldErrors.size() + " fields are invalid.";
        return errors.render(Problem.of(400, "/problems/invalid-request", "Invalid request", detail)
                .withErrors(fieldErrors), uri.getPath(), headers);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        return errors.render(fromJackson(e), uri.getPath(), headers);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return errors.render(fromJackson(e), uri.getPath(), headers);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return errors.render(fromJackson(json), uri.getPath(), headers);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        Problem problem = switch (status) {
            case 400 -> Problem.of(400, "/problems/invalid-request", "Invalid request",
                    "The request could not be read. Check its syntax and parameters.");
            case 401 -> Problem.of(401, "/problems/unauthenticated", "Not authenticated", "Send a valid bearer token.");
            case 403 -> Problem.of(403, "/problems/forbidden", "Forbidden", "Your role does not allow this.");
            case 404 -> Problem.of(404, "/problems/not-found", "Not found", "There is nothing at this address.");
            case 405 -> Problem.of(405, "/problems/method-not-allowed", "Method not allowed",
                    "This address does not support that HTTP method.");
            case 406 -> Problem.of(406, "/problems/not-acceptable", "Not acceptable",
                    "None of the media types in Accept can be produced here.");
            case 413 -> Problem.of(413, "/problems/body-too-large", "Request body too large",
                    "The request body exceeds the allowed size.");
            case 415 -> Problem.of(415, "/problems/unsupported-media-type", "Unsupported media type",
                    "Send the body with a Content-Type this address accepts.");
            default -> status >= 500
                    ? Problem.of(500, "/problems/internal", "Internal error",
                            "The request could not be completed. It has been logged.")
                    : Problem.of(status, "/problems/http-" + status, "Request refused", null);
        };
        Response rendered = errors.render(problem, uri.getPath(), headers);
        if (status == 405 && e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
            return Response.fromResponse(rendered).header("Allow", e.getResponse().getHeaderString("Allow")).build();
        }
        return rendered;
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response stale(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        return errors.render(Problem.of(412, "/problems/stale-version", "Version conflict",
                "The record was changed by someone else while you were saving. Read it again and reapply your change."),
                uri.getPath(), headers);
    }

    @ServerExceptionMapper
    public Response persistence(PersistenceException e, UriInfo uri, HttpHeaders headers) {
        Throwable c = e;
        while (c != null) {
            if (c instanceof OptimisticLockException || c instanceof StaleStateException) {
                return stale((RuntimeException) c, uri, headers);
            }
            if (c instanceof org.hibernate.exception.ConstraintViolationException) {
                LOG.warnf("Request refused by a database constraint: %s",
                        ((org.hibernate.exception.ConstraintViolationException) c).getConstraintName());
                return errors.render(Problem.of(409, "/problems/conflict", "Conflict",
                        "The change conflicts with data already recorded."), uri.getPath(), headers);
            }
            c = c.getCause();
        }
        return unexpected(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        if (e instanceof WebApplicationException w) {
            return web(w, uri, headers);
        }
        if (databaseUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", rootMessage(e));
            return errors.render(Problem.of(503, "/problems/unavailable", "Temporarily unavailable",
                    "The database can't be reached just now. Retry shortly with the same Idempotency-Key: "
                            + "a write that did complete is answered as it was, never done twice.")
                    .with("retryAfterSeconds", 5), uri.getPath(), headers);
        }
        LOG.error("Unexpected failure", e);
        return errors.render(Problem.of(500, "/problems/internal", "Internal error",
                "The request could not be completed. It has been logged."), uri.getPath(), headers);
    }

    /**
     * Whether a failure means the database is out of reach (restarting, failed over, the pool
     * can't get a connection), which a retry may cure: SQL states of class 08 (connection) and
     * 57P (shutdown, cannot connect now), and the pool's acquisition timeout.
     */
    public static boolean databaseUnavailable(Throwable e) {
        // causes and suppressed exceptions both: a failed commit carries the driver's error as a
        // suppressed exception of the transaction manager's RollbackException
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(e);
        while (!todo.isEmpty() && seen.size() < 50) {
            Throwable c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (c instanceof java.sql.SQLTransientConnectionException || c instanceof java.net.ConnectException
                    || c instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            String message = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("acquisition timeout") || message.contains("this connection has been closed")) {
                return true;
            }
            if (c.getCause() != null) {
                todo.add(c.getCause());
            }
            todo.addAll(java.util.Arrays.asList(c.getSuppressed()));
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    /** A body field gets a JSON pointer; a query, path or header parameter is named in the message instead. */
    static FieldError fieldError(ConstraintViolation<?> v) {
        String parameter = null;
        int depth = 0;
        for (Path.Node node : v.getPropertyPath()) {
            depth++;
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            }
        }
        boolean bodyless = depth == 2 && parameter != null;
        if (bodyless) {
            return new FieldError(null, v.getMessage().equals(BODY_REQUIRED) ? "A request body is required"
                    : "parameter '" + parameter + "' " + v.getMessage());
        }
        return new FieldError(pointer(v), v.getMessage());
    }

    static String pointer(ConstraintViolation<?> v) {
        StringBuilder sb = new StringBuilder();
        boolean pastParameter = false;
        boolean methodPath = false;
        int i = 0;
        for (Path.Node node : v.getPropertyPath()) {
            if (i++ == 0 && node.getKind() == ElementKind.METHOD) {
                methodPath = true;
                continue;
            }
            if (methodPath && !pastParameter) {
                pastParameter = true;
                if (node.getKind() == ElementKind.PARAMETER) {
                    continue;
                }
            }
            if (node.getIndex() != null) {
                sb.append('/').append(node.getIndex());
            } else if (node.getKey() != null) {
                sb.append('/').append(escape(String.valueOf(node.getKey())));
            }
            if (node.getName() != null && !node.getName().startsWith("<") && !WHOLE_OBJECT_CHECKS.contains(node.getName())
                    && node.getKind() != ElementKind.PARAMETER && node.getKind() != ElementKind.METHOD) {
                sb.append('/').append(escape(node.getName()));
            }
        }
        return sb.isEmpty() ? "/" : sb.toString();
    }

    public static Problem fromJacksonProblem(JsonProcessingException e) {
        return fromJackson(e);
    }

    static Problem fromJackson(JsonProcessingException e) {
        boolean truncated = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Unexpected end-of-input");
        if (e instanceof JsonParseException || truncated || !(e instanceof JsonMappingException m)) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return Problem.of(400, "/problems/malformed-json", "Malformed JSON",
                    "The body is not valid JSON" + where + ".");
        }
        String pointer = jsonPointer(m);
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "must be one of: " + Arrays.stream(f.getTargetType().getEnumConstants())
                    .map(ExceptionMappers::enumName).collect(Collectors.joining(", "));
        } else if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            message = "must be " + describe(mi.getTargetType());
        } else if (e instanceof ValueInstantiationException) {
            message = "has an invalid value";
        } else {
            message = "has the wrong type or format";
        }
        if (pointer.equals("/") && e instanceof MismatchedInputException && e.getMessage() != null
                && e.getMessage().startsWith("No content")) {
            return Problem.of(400, "/problems/invalid-request", "Invalid request", "A request body is required.");
        }
        return Problem.of(400, "/problems/invalid-request", "Invalid request",
                        "Field " + pointer + " " + message + ".")
                .withErrors(List.of(new FieldError(pointer, message)));
    }

    private static String jsonPointer(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append('/').append(escape(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                sb.append('/').append(ref.getIndex());
            }
        }
        return sb.isEmpty() ? "/" : sb.toString();
    }

    private static String enumName(Object constant) {
        if (constant instanceof Coded c) {
            return c.code();
        }
        for (var f : constant.getClass().getFields()) {
            if (f.getName().equals(((Enum<?>) constant).name())) {
                var p = f.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                if (p != null) {
                    return p.value();
                }
            }
        }
        return constant.toString();
    }

    private static String describe(Class<?> type) {
        if (type == LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "a date-time with offset (e.g. 2026-01-31T09:30:00Z)";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of: " + Arrays.stream(type.getEnumConstants()).map(ExceptionMappers::enumName)
                    .collect(Collectors.joining(", "));
        }
        return "an object";
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
