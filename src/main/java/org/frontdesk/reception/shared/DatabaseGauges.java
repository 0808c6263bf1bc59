package org.frontdesk.reception.shared;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

/** Prometheus gauges read from the database on each scrape, so every replica reports the same truth. */
public final class DatabaseGauges {

    private DatabaseGauges() {
    }

    /** The number a one-value query gives, in a transaction of its own; NaN when the database can't answer. */
    public static double count(EntityManager em, String sql) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult())
                    .doubleValue());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
