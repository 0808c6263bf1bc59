package org.frontdesk.reception.security;

import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes audit records, each in its own transaction, so a request whose own transaction rolled
 * back still leaves its trace. If the record can't be written the request fails: patient data
 * is never served without its trace.
 */
@ApplicationScoped
public class AuditTrail {

    @Inject EntityManager em;
    @Inject Caller caller;

    /** Records one access by the current caller. */
    public void record(AuditAction action, String resourceType, String resourceId, UUID patientId, int status) {
        recordAll(action, resourceType, resourceId, patientId == null ? List.of() : List.of(patientId), status);
    }

    /** Records one access by the current caller to the data of every patient named (the first in patient_id). */
    public void recordAll(AuditAction action, String resourceType, String resourceId, Collection<UUID> patients, int status) {
        List<UUID> all = patients.stream().filter(java.util.Objects::nonNull).distinct().limit(AuditSubjects.MAX).toList();
        UUID patientId = all.isEmpty() ? null : all.get(0);
        String patientIds = all.size() < 2 ? null : all.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        String[] request = caller.request();
        String subject = caller.subject();
        String roles = caller.roles();
        String client = caller.clientId();
        String ip = caller.sourceAddress();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        insert into audit_event (subject, roles, client_id, source_ip, action, resource_type, resource_id,
                                                 patient_id, query, http_method, path, status, outcome, patient_ids)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, cast(?14 as uuid[]))""")
                .setParameter(1, subject)
                .setParameter(2, truncate(roles, 200))
                .setParameter(3, truncate(client, 200))
                .setParameter(4, ip)
                .setParameter(5, action.code)
                .setParameter(6, resourceType)
                .setParameter(7, truncate(resourceId, 64))
                .setParameter(8, patientId)
                .setParameter(9, truncate(request[2], 2000))
                .setParameter(10, request[0] == null ? "?" : request[0])
                .setParameter(11, request[1] == null ? "?" : truncate(request[1], 500))
                .setParameter(12, status)
                .setParameter(13, status < 400 ? "success" : "failure")
                .setParameter(14, patientIds)
                .executeUpdate());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
