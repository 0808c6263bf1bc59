package org.frontdesk.reception.security;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes audit records outside the request's own transaction (grouped with other requests' by
 * {@link AuditWriter}), so a request whose own transaction rolled back still leaves its trace.
 * It returns once the record is durable; if it can't be written the request fails: patient data
 * is never served without its trace.
 */
@ApplicationScoped
public class AuditTrail {

    @Inject AuditWriter writer;
    @Inject Caller caller;

    /** Records one access by the current caller. */
    public void record(AuditAction action, String resourceType, String resourceId, UUID patientId, int status) {
        recordAll(action, resourceType, resourceId, patientId == null ? List.of() : List.of(patientId), status);
    }

    /** Records one access by the current caller to the data of every patient named (the first in patient_id). */
    public void recordAll(AuditAction action, String resourceType, String resourceId, Collection<UUID> patients, int status) {
        String[] request = caller.request();
        String subject = caller.subject();
        write(subject == null ? "?" : subject, caller.roles(), caller.clientId(), caller.sourceAddress(), action,
                resourceType, resourceId, patients, request[2], request[0], request[1], status);
    }

    /**
     * Records what the system itself did with data for a client, with no caller request: a
     * notification sent to a subscriber's endpoint ({@code method} and {@code target}), with the
     * patients it carried and its outcome (an HTTP status; 502 when the endpoint gave none).
     */
    public void recordSystem(String actor, String clientId, AuditAction action, String resourceType, String resourceId,
                             Collection<UUID> patients, String method, String target, int status) {
        write(actor, "system", clientId, null, action, resourceType, resourceId, patients, null, method, target, status);
    }

    private void write(String subject, String roles, String client, String ip, AuditAction action, String resourceType,
                       String resourceId, Collection<UUID> patients, String query, String method, String path, int status) {
        List<UUID> all = patients.stream().filter(java.util.Objects::nonNull).distinct().limit(AuditSubjects.MAX).toList();
        UUID patientId = all.isEmpty() ? null : all.get(0);
        String patientIds = all.size() < 2 ? null : all.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        // every field bounded to its column: one oversized value must not fail the batch it shares
        writer.write(new AuditWriter.Row(truncate(subject, 200), truncate(roles, 200), truncate(client, 200),
                truncate(ip, 64), action.code, truncate(resourceType, 64), truncate(resourceId, 64), patientId,
                truncate(query, 2000), method == null ? "?" : truncate(method, 8), path == null ? "?" : truncate(path, 500),
                status, patientIds));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
