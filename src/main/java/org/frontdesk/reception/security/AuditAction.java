package org.frontdesk.reception.security;

/** What was done to the data (the FHIR AuditEvent action codes C, R, U, D, E, with search apart). */
public enum AuditAction {
    CREATE("create", "C"),
    READ("read", "R"),
    SEARCH("search", "E"),
    UPDATE("update", "U"),
    DELETE("delete", "D"),
    EXECUTE("execute", "E");

    public final String code;
    /** FHIR AuditEvent.action. */
    public final String fhirAction;

    AuditAction(String code, String fhirAction) {
        this.code = code;
        this.fhirAction = fhirAction;
    }

    public static AuditAction fromCode(String code) {
        for (AuditAction a : values()) {
            if (a.code.equals(code)) {
                return a;
            }
        }
        throw new IllegalArgumentException(code);
    }
}
