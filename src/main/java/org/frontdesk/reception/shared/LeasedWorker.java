package org.frontdesk.reception.shared;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one worker of leased work ({@link LeasedRow} tables: the claim outbox, reminders,
 * eligibility questions, and what comes later). Due rows are taken with
 * {@code FOR UPDATE SKIP LOCKED} under a lease and a fresh token in a short transaction of their
 * own, so any number of instances share a queue and never take the same row; each is then done
 * outside any transaction by its feature, which records the outcome only while it still holds
 * the lease. A taker that dies leaves its rows to be taken again when the lease ends; a row that
 * used all its attempts without an outcome is handed to its feature to give up on.
 *
 * <p>On shutdown the worker stops taking rows, lets the row in hand finish, and hands back the
 * leases of rows it took but did not start, so another instance takes them at once.
 */
@ApplicationScoped
public class LeasedWorker {

    private static final Logger LOG = Logger.getLogger(LeasedWorker.class);

    /** A table of {@link LeasedRow}s: its name, how long a take lasts, and how many takes a row gets. */
    public record Queue(String table, Duration lease, int maxAttempts, int parallelism) {
        public Queue {
            if (!table.matches("[a-z_]+")) {
                throw new IllegalArgumentException("not a table name: " + table);
            }
            parallelism = Math.max(1, Math.min(parallelism, MAX_PARALLELISM));
        }

        /** A queue whose rows are done one after another. */
        public Queue(String table, Duration lease, int maxAttempts) {
            this(table, lease, maxAttempts, 1);
        }
    }

    /** The most rows of one batch done at once (each is a call out: a slow one must not hold up the rest). */
    static final int MAX_PARALLELISM = 16;
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
            MAX_PARALLELISM, r -> {
                Thread t = new Thread(r, "leased-work");
                t.setDaemon(true);
                return t;
            });

    /** What a feature does with the rows of its queue. */
    public interface Work {
        /** Does one taken row, outside any transaction; records its outcome while {@link LeasedRow#heldBy} the token. */
        void perform(UUID id, UUID token);

        /** Gives up on a row that used all its attempts without an outcome, in a transaction of its own. */
        void exhausted(UUID id);
    }

    /** Rows taken by one take, and the token that holds their leases. */
    public record Taken(UUID token, List<UUID> ids) {
    }

    private final EntityManager em;
    private final Duration shutdownWait;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;

    public LeasedWorker(EntityManager em,
                        @ConfigProperty(name = "reception.work.shutdown-wait", defaultValue = "PT20S") Duration shutdownWait) {
        this.em = em;
        this.shutdownWait = shutdownWait;
    }

    /** Takes and does batches until one comes back short (the queue has nothing more due). */
    public void drain(Queue queue, int batch, Supplier<Instant> clock, Work work) {
        while (runOnce(queue, batch, clock, work) == batch) {
            // a full batch: there may be more
        }
    }

    /**
     * Takes up to {@code batch} due rows and does each; returns how many were taken. The time is
     * read from {@code clock} at each take, so every batch gets a whole lease.
     */
    /** Does one row; a failure ends its lease and the row is taken again, up to its attempts. */
    private static void performOne(Queue queue, Work work, UUID id, UUID token) {
        try {
            work.perform(id, token);
        } catch (RuntimeException e) {
            LOG.warnf("Leased work on %s row %s failed unexpectedly: %s", queue.table(), id, e.getClass().getName());
        }
    }

    public int runOnce(Queue queue, int batch, Supplier<Instant> clock, Work work) {
        running.incrementAndGet();
        try {
            if (stopping) {
                return 0;
            }
            if (queue.maxAttempts() < Integer.MAX_VALUE) { // a queue without a limit has nothing to give up on
                giveUpOnSpent(queue, batch, clock.get(), work);
            }
            Taken taken = take(queue, batch, clock.get());
            java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(queue.parallelism());
            List<java.util.concurrent.Future<?>> started = new java.util.ArrayList<>();
            for (int i = 0; i < taken.ids().size(); i++) {
                if (stopping) {
                    release(queue, taken.ids().subList(i, taken.ids().size()), taken.token());
                    break;
                }
                UUID id = taken.ids().get(i);
                if (queue.parallelism() == 1) {
                    performOne(queue, work, id, taken.token());
                    continue;
                }
                slots.acquireUninterruptibly();
                started.add(pool.submit(() -> {
                    // as on the scheduler's thread: a request context of its own, no caller
                    var context = io.quarkus.arc.Arc.container().requestContext();
                    context.activate();
                    try {
                        performOne(queue, work, id, taken.token());
                    } finally {
                        context.terminate();
                        slots.release();
                    }
                }));
            }
            for (var f : started) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.warnf("Leased work on %s failed unexpectedly: %s", queue.table(), e.getCause());
                }
            }
            if (stopping) {
                return 0;
            }
            return taken.ids().size();
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * Takes due rows under a lease and a fresh token, in a transaction of its own: rows waiting,
     * due, not leased (or whose lease ended) and with attempts left.
     */
    @SuppressWarnings("unchecked")
    public Taken take(Queue queue, int batch, Instant now) {
        UUID token = UUID.randomUUID();
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> due = em.createNativeQuery("select id from " + queue.table()
                            + " where state = 'pending' and next_attempt_at <= ?1"
                            + " and (claimed_until is null or claimed_until < ?1) and attempts < ?3"
                            + " order by next_attempt_at limit ?2 for update skip locked")
                    .setParameter(1, now).setParameter(2, batch).setParameter(3, queue.maxAttempts()).getResultList();
            if (!due.isEmpty()) {
                em.createNativeQuery("update " + queue.table()
                                + " set claimed_until = ?1, lease_token = ?2, attempts = attempts + 1 where id = any(?3)")
                        .setParameter(1, now.plus(queue.lease())).setParameter(2, token)
                        .setParameter(3, due.toArray(UUID[]::new)).executeUpdate();
            }
            return due;
        });
        return new Taken(token, ids);
    }

    /**
     * Rows that used all their attempts without an outcome (their takers died each time) go to
     * {@link Work#exhausted}, each in a transaction of its own: one that can't be given up on is
     * logged and left, and holds up neither the others nor the queue.
     */
    @SuppressWarnings("unchecked")
    private void giveUpOnSpent(Queue queue, int batch, Instant now, Work work) {
        List<UUID> spent = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select id from "
                        + queue.table() + " where state = 'pending' and attempts >= ?2"
                        + " and (claimed_until is null or claimed_until < ?1) limit ?3")
                .setParameter(1, now).setParameter(2, queue.maxAttempts()).setParameter(3, batch).getResultList());
        for (UUID id : spent) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    // skip a row another instance is giving up on right now
                    List<?> mine = em.createNativeQuery("select id from " + queue.table()
                                    + " where id = ?1 and state = 'pending' for update skip locked")
                            .setParameter(1, id).getResultList();
                    if (!mine.isEmpty()) {
                        work.exhausted(id);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("Giving up on %s row %s failed: %s", queue.table(), id, e.getClass().getName());
            }
        }
    }

    /** Hands back rows taken but not started: the lease ends now, and the take is not counted. */
    private void release(Queue queue, List<UUID> ids, UUID token) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update " + queue.table()
                        + " set claimed_until = null, lease_token = null, attempts = greatest(attempts - 1, 0)"
                        + " where id = any(?1) and state = 'pending' and lease_token = ?2")
                .setParameter(1, ids.toArray(UUID[]::new)).setParameter(2, token).executeUpdate());
        LOG.infof("Shutting down: handed back %d %s row(s) not yet started", ids.size(), queue.table());
    }

    /** Stops taking rows and waits (up to {@code wait}) for the work in hand to finish and hand back the rest. */
    public void stop(Duration wait) {
        stopping = true;
        long until = System.nanoTime() + wait.toNanos();
        while (running.get() > 0 && System.nanoTime() < until) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Takes rows again after {@link #stop}; for tests that stop the worker and go on with the same instance. */
    public void resume() {
        stopping = false;
    }

    void onShutdown(@Observes ShutdownEvent e) {
        stop(shutdownWait);
    }
}
