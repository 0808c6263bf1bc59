package org.frontdesk.reception.shared;

import java.util.List;

/**
 * Thrown by services when a request can't be carried out for a reason the caller must hear.
 * The exception mappers turn it into problem+json or an OperationOutcome.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Problem.of(404, "/problems/not-found", "Not found",
                what + " " + id + " does not exist."));
    }

    /** The record found, or a 404 naming what was asked for: the one get-or-404 of every feature. */
    public static <T> T orNotFound(T found, String what, Object id) {
        if (found == null) {
            throw notFound(what, id);
        }
        return found;
    }

    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(Problem.of(400, "/problems/invalid-request", "Invalid request", detail)
                .withErrors(errors));
    }

    public static ProblemException badRequest(String pointer, String message) {
        return badRequest(message, List.of(new FieldError(pointer, message)));
    }

    public static ProblemException staleVersion(long current) {
        return new ProblemException(Problem.of(412, "/problems/stale-version", "Version conflict",
                "The record was changed by someone else (current version " + current
                        + "). Read it again and reapply your change.").with("currentVersion", current));
    }

    public static ProblemException preconditionRequired() {
        return new ProblemException(Problem.of(428, "/problems/if-match-required", "If-Match required",
                "Send the ETag you read in an If-Match header so a concurrent change is not overwritten."));
    }
}
