package org.frontdesk.reception.shared;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Old idempotency records are forgotten; recent ones are kept so retries still replay. */
@QuarkusTest
class IdempotencyPurgeTest {

    @Inject
    IdempotencyPurge purge;
    @Inject
    EntityManager em;

    private void insert(String key, String age) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        insert into idempotency_record (client_id, idempotency_key, operation, request_hash, status_code,
                                                        created_at)
                        values ('purge-test', ?1, 'POST /x', repeat('0', 64), 201, now() - cast(?2 as interval))""")
                .setParameter(1, key).setParameter(2, age).executeUpdate());
    }

    private long count(String key) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from idempotency_record where client_id = 'purge-test' and idempotency_key = ?1")
                .setParameter(1, key).getSingleResult()).longValue());
    }

    @Test
    void recordsOlderThanTheRetentionAreForgotten() {
        insert("old-key", "8 days");
        insert("fresh-key", "1 hour");
        while (purge.purgeBatch() > 0) {
            // drain
        }
        assertEquals(0, count("old-key"));
        assertEquals(1, count("fresh-key"));
    }
}
