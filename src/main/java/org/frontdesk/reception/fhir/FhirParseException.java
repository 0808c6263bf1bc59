package org.frontdesk.reception.fhir;

/** A FHIR body that can't be accepted as written, with the FHIRPath of the offending element. */
public class FhirParseException extends RuntimeException {

    private final String expression;

    public FhirParseException(String message, String expression) {
        super(message, null, false, false);
        this.expression = expression;
    }

    public String expression() {
        return expression;
    }
}
