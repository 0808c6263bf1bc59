package org.frontdesk.reception.security;

import java.time.Instant;
import java.util.UUID;

/** One audit record as an auditor reads it. */
public record AuditView(long id, Instant recordedAt, String subject, String roles, String clientId, String sourceIp,
                        String action, String resourceType, String resourceId, UUID patientId,
                        java.util.List<UUID> patientIds, String query, String httpMethod, String path, int status,
                        String outcome) {

    static AuditView of(AuditEvent e) {
        return new AuditView(e.id, e.recordedAt, e.subject, e.roles, e.clientId, e.sourceIp, e.action, e.resourceType,
                e.resourceId, e.patientId, e.patientIds == null ? (e.patientId == null ? java.util.List.of()
                        : java.util.List.of(e.patientId)) : java.util.List.of(e.patientIds), e.query, e.httpMethod, e.path,
                e.status, e.outcome);
    }
}
