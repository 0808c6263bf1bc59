package org.frontdesk.reception.shared;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

/** Test fixture: runs one SQL statement with positional parameters in a transaction of its own. */
public final class Sql {

    private Sql() {
    }

    public static void run(EntityManager em, String sql, Object... params) {
        QuarkusTransaction.requiringNew().run(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            q.executeUpdate();
        });
    }
}
