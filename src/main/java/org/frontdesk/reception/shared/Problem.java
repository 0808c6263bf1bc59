package org.frontdesk.reception.shared;

import java.util.List;
import java.util.Map;

/**
 * An error as the caller sees it, independent of the face that renders it: problem+json
 * (RFC 9457) on {@code /api}, OperationOutcome on {@code /fhir}.
 *
 * @param status     HTTP status
 * @param type       stable identifier of the kind of problem (a URI reference, e.g. {@code /problems/duplicate-patient})
 * @param title      short summary of the kind of problem
 * @param detail     what happened in this case
 * @param errors     per-field errors, with JSON pointers
 * @param extensions extra members a caller may act on (e.g. duplicate candidates); plain JSON values
 */
public record Problem(int status, String type, String title, String detail, List<FieldError> errors,
                      Map<String, Object> extensions) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(status, type, title, detail, List.of(), Map.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(status, type, title, detail, fieldErrors, extensions);
    }

    public Problem with(String name, Object value) {
        var copy = new java.util.LinkedHashMap<>(extensions);
        copy.put(name, value);
        return new Problem(status, type, title, detail, errors, copy);
    }
}
