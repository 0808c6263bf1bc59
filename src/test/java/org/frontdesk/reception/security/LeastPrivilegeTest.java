package org.frontdesk.reception.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The role the app runs as in production (V16's grant_app_role) reads and writes rows, and no
 * more: on the audit trail it only adds and reads, and it can't change the schema, so it can't
 * switch off the trail's append-only triggers.
 */
@QuarkusTest
class LeastPrivilegeTest {

    @Inject EntityManager em;

    private void asApp(String role, String sql) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("set local role " + role).executeUpdate();
            em.createNativeQuery(sql).executeUpdate();
        });
    }

    private static String root(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    @Test
    void theAppRoleWritesRowsAndCantTouchTheTrailOrTheSchema() {
        String role = "app_" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("create role " + role).executeUpdate();
            em.createNativeQuery("select grant_app_role('" + role + "'::regrole)").getSingleResult();
        });
        asApp(role, """
                insert into audit_event (subject, roles, client_id, source_ip, action, resource_type, http_method, path,
                                         status, outcome) values ('probe', '', '', '127.0.0.1', 'read', 'Patient', 'GET', '/x',
                                         200, 'success')""");
        asApp(role, "update visit_type set name = name where false");
        for (String forbidden : new String[] {
                "update audit_event set status = 500",
                "delete from audit_event",
                "truncate audit_event",
                "alter table audit_event disable trigger audit_event_no_update_or_delete",
                "drop trigger audit_event_no_truncate on audit_event",
                "create table sneaky (id int)",
                "delete from flyway_schema_history"}) {
            Exception e = assertThrows(Exception.class, () -> asApp(role, forbidden), forbidden);
            String why = root(e);
            assertTrue(why.contains("permission denied") || why.contains("must be owner"), forbidden + ": " + why);
        }
        long probes = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from audit_event where subject = 'probe'").getSingleResult()).longValue());
        assertTrue(probes >= 1);
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from information_schema.tables where table_name = 'sneaky'").getSingleResult()).longValue()));
    }
}
