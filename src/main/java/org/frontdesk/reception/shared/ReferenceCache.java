package org.frontdesk.reception.shared;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reference data the hot paths read on every call (practitioners, locations, visit types, weekly
 * hours) kept in memory for a short while, as read-only snapshots: a booking then reads none of
 * them from the database.
 *
 * <p>Consistency: a change made through this instance empties the cache at once and again when
 * its transaction ends (the entities name {@link Listener}; bulk statements call {@link #changed}); a change made through another instance (or by hand in the database) is
 * seen here at most {@code reception.reference-cache.ttl} later (2 s; 0 turns the cache off).
 * The rules that must never be wrong whatever the cache says stay in the database: a booking that
 * overlaps another is refused by the exclusion constraint.
 *
 * <p>Values must be treated as read-only: they are detached and shared between requests.
 */
@ApplicationScoped
public class ReferenceCache {

    private record Entry(Object value, long expiresAt) {
    }

    private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    public ReferenceCache(@ConfigProperty(name = "reception.reference-cache.ttl", defaultValue = "PT2S") Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The cached value for {@code key}, or {@code load}'s (cached unless null). */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> load) {
        if (ttlNanos <= 0) {
            return load.get();
        }
        long now = System.nanoTime();
        Entry e = entries.get(key);
        if (e != null && now - e.expiresAt() < 0) {
            return (T) e.value();
        }
        T value = load.get();
        if (value != null) {
            if (entries.size() > 10_000) {
                entries.clear(); // reference data is small; this only bounds a hostile spread of keys
            }
            entries.put(key, new Entry(value, now + ttlNanos));
        }
        return value;
    }

    /** Forgets everything: reference data changed. */
    public void clear() {
        entries.clear();
    }

    /**
     * The JPA listener a cached entity names: any write of one empties the cache at once, and
     * again when its transaction ends, so nothing read between the flush and the commit (the old
     * row by another request, or the uncommitted one by this transaction) outlives the change.
     */
    public static class Listener {

        @PostPersist
        @PostUpdate
        @PostRemove
        void changed(Object entity) {
            Arc.container().instance(ReferenceCache.class).get().changed();
        }
    }

    /** Reference data was written in the current transaction (or by a statement the listener can't see, such as a bulk delete). */
    public void changed() {
        clear();
        var registry = Arc.container().instance(jakarta.transaction.TransactionSynchronizationRegistry.class).get();
        if (registry != null && registry.getTransactionKey() != null) {
            registry.registerInterposedSynchronization(new jakarta.transaction.Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    clear();
                }
            });
        }
    }
}
