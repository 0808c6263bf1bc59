package org.frontdesk.reception.shared;

import java.util.List;

/**
 * An X12 file that can't be taken as it is: its issues (each with where it is), in the order
 * found. The whole file is refused; nothing of it is applied.
 */
public class X12Exception extends RuntimeException {

    private final transient List<X12Issue> issues;

    public X12Exception(List<X12Issue> issues) {
        super(issues.isEmpty() ? "invalid X12" : issues.get(0).message(), null, false, false);
        this.issues = List.copyOf(issues);
    }

    public X12Exception(X12Segment s, int element, String what) {
        this(List.of(new X12Issue(s.position(), s.tag(), element, s.loop(), "DATA",
                s.tag() + String.format("%02d", element) + " " + what + " (segment " + s.position() + ")")));
    }

    public X12Exception(String message) {
        this(List.of(new X12Issue(0, null, 0, null, "FILE", message)));
    }

    public List<X12Issue> issues() {
        return issues;
    }
}
