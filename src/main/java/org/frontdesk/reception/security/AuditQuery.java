package org.frontdesk.reception.security;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.shared.PageResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the audit trail for auditors: by patient, by agent (subject) and by time, newest first. */
@ApplicationScoped
public class AuditQuery {

    public PageResult<AuditEvent> find(UUID patientId, String agent, Instant from, Instant to, int offset, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (patientId != null) {
            where.add("(patientId = :patient or array_contains(patientIds, :patient))");
            params.and("patient", patientId);
        }
        if (agent != null) {
            where.add("subject = :agent");
            params.and("agent", agent);
        }
        if (from != null) {
            where.add("recordedAt >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("recordedAt < :to");
            params.and("to", to);
        }
        String query = where.isEmpty() ? "true = true" : String.join(" and ", where);
        var q = AuditEvent.find(query, Sort.descending("recordedAt", "id"), params);
        long total = q.count();
        List<AuditEvent> items = limit == 0 ? List.of() : q.page(Page.of(offset / Math.max(limit, 1), limit)).list();
        return new PageResult<>(items, offset, limit, total);
    }

    public AuditEvent get(long id) {
        return AuditEvent.findById(id);
    }
}
