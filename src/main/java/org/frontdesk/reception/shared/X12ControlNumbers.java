package org.frontdesk.reception.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Interchange (ISA13) and group (GS06) control numbers, per sender id: taken in the caller's
 * transaction from one row per sender (locked for the update), so they are unique and survive
 * restarts; after 999,999,999 they start again at 1.
 */
@ApplicationScoped
public class X12ControlNumbers {

    @Inject EntityManager em;

    /** The next interchange and group numbers of {@code senderId}. */
    public record Numbers(long interchange, long group) {
    }

    public Numbers next(String senderId) {
        Object[] row = (Object[]) em.createNativeQuery("""
                insert into x12_control_number as x (sender_id, last_interchange, last_group) values (?1, 1, 1)
                on conflict (sender_id) do update
                    set last_interchange = x.last_interchange % 999999999 + 1, last_group = x.last_group % 999999999 + 1
                returning last_interchange, last_group""").setParameter(1, senderId).getSingleResult();
        return new Numbers(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
}
