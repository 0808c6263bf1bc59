package org.frontdesk.reception.shared;

import java.util.List;

/**
 * One problem with an X12 file: the segment's position in its transaction set (ST is 1; 0 for
 * the envelope or the file), its tag, the element (0 for the segment), the loop, a code (StAEDI's
 * validation error name, or ours) and what it means.
 */
public record X12Issue(int segment, String tag, int element, String loop, String code, String message) {

    /** The 422 refusing a file of {@code kind} for these issues, each an error pointing at its segment. */
    public static ProblemException refusal(String kind, List<X12Issue> issues) {
        List<FieldError> errors = issues.stream().map(i -> new FieldError(i.segment() > 0 ? "/segments/" + i.segment()
                : null, i.message())).toList();
        return new ProblemException(Problem.of(422, "/problems/invalid-x12", "Not a valid " + kind,
                "The file was not applied: " + issues.get(0).message()).withErrors(errors));
    }
}
