package org.frontdesk.reception.fhir;

import org.frontdesk.reception.security.AuditAction;

/**
 * The RESTful interactions of the FHIR face: each with its CapabilityStatement code, the SMART
 * permission letter that grants it, and how the audit trail names it.
 */
public enum Interaction {
    READ("read", 'r', AuditAction.READ),
    VREAD("vread", 'r', AuditAction.READ),
    UPDATE("update", 'u', AuditAction.UPDATE),
    PATCH("patch", 'u', AuditAction.UPDATE),
    DELETE("delete", 'd', AuditAction.DELETE),
    HISTORY_INSTANCE("history-instance", 'r', AuditAction.READ),
    HISTORY_TYPE("history-type", 's', AuditAction.SEARCH),
    CREATE("create", 'c', AuditAction.CREATE),
    SEARCH("search-type", 's', AuditAction.SEARCH);

    public final String code;
    public final char scope;
    public final AuditAction audit;

    Interaction(String code, char scope, AuditAction audit) {
        this.code = code;
        this.scope = scope;
        this.audit = audit;
    }
}
