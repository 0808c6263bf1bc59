package org.frontdesk.reception.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit of the audit trail. Concurrent requests hand their rows to one writer thread,
 * which inserts all that are waiting as one batch (a multi-row insert) and commits once; each
 * request goes on only when its own row is durable. Under load one fsync covers many requests
 * instead of one each; with a single caller it costs what a commit of its own did.
 *
 * <p>If a batch can't be written, every request in it fails (a 503 when the database is out of
 * reach): patient data is never served without its durable trace.
 */
@ApplicationScoped
class AuditWriter {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class);
    static final int MAX_BATCH = 256;
    private static final String INSERT = """
            insert into audit_event (subject, roles, client_id, source_ip, action, resource_type, resource_id,
                                     patient_id, query, http_method, path, status, outcome, patient_ids)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as uuid[]))""";

    /** One audit record, as it will be inserted. */
    record Row(String subject, String roles, String clientId, String sourceIp, String action, String resourceType,
               String resourceId, UUID patientId, String query, String method, String path, int status,
               String patientIds) {
    }

    private record Pending(Row row, CompletableFuture<Void> durable) {
    }

    @Inject AgroalDataSource dataSource;

    @ConfigProperty(name = "reception.audit.write-timeout", defaultValue = "PT10S")
    Duration timeout;

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(20_000);
    private volatile boolean running;
    private Thread thread;

    /** Before any other start-up work, which may already write audit records (the dev sample practice). */
    void start(@Observes @jakarta.annotation.Priority(1) StartupEvent e) {
        running = true;
        thread = new Thread(this::run, "audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent e) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** Writes the row durably, together with whatever other rows are waiting; returns when it is committed. */
    void write(Row row) {
        Pending p = new Pending(row, new CompletableFuture<>());
        try {
            if (!running) {
                alone(p); // before start-up or after shutdown
            } else if (!thread.isAlive()) {
                throw unavailable("The audit trail's writer has stopped; the request is refused.", null);
            } else if (!queue.offer(p, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw unavailable("The audit trail is not keeping up; the request is refused.", null);
            } else if (!running && queue.remove(p)) {
                alone(p); // shutdown began after the check and the writer's last drain may have missed it
            }
            p.durable().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the audit record was written.", ie);
        } catch (TimeoutException te) {
            throw unavailable("The audit record was not written in time; the request is refused.", te);
        } catch (ExecutionException ee) {
            throw ee.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ee.getCause());
        }
    }

    /**
     * One row written on a thread of its own: never inside the caller's transaction, whose
     * connection it would join (and whose rollback it would share).
     */
    private void alone(Pending p) {
        Thread t = new Thread(() -> writeBatch(List.of(p)), "audit-writer-alone");
        t.setDaemon(true);
        t.start();
    }

    /** What the caller answers as 503 with Retry-After: the trail (and so the database) is out of reach for now. */
    private static IllegalStateException unavailable(String message, Throwable cause) {
        return new IllegalStateException(message, new java.sql.SQLTransientConnectionException(message, "08000", cause));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeBatch(batch);
            } catch (InterruptedException ie) {
                if (!running) {
                    List<Pending> rest = new ArrayList<>();
                    queue.drainTo(rest);
                    if (!rest.isEmpty()) {
                        writeBatch(rest);
                    }
                    return;
                }
            } catch (Throwable unexpected) {
                // the writer must outlive any one batch (an Error included): fail that batch, go on
                LOG.error("Audit writer failed a batch", unexpected);
                IllegalStateException failure = new IllegalStateException("The audit record could not be written.", unexpected);
                batch.forEach(p -> p.durable().completeExceptionally(failure));
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(INSERT)) {
                for (Pending p : batch) {
                    bind(s, p.row());
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException ex) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the pool discards it
                }
                throw ex;
            } finally {
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException ignored) {
                    // as above
                }
            }
            batch.forEach(p -> p.durable().complete(null));
        } catch (Throwable ex) {
            IllegalStateException failure = new IllegalStateException("The audit record could not be written.", ex);
            batch.forEach(p -> p.durable().completeExceptionally(failure));
        }
    }

    private static void bind(PreparedStatement s, Row r) throws SQLException {
        s.setString(1, r.subject());
        s.setString(2, r.roles());
        s.setString(3, r.clientId());
        s.setString(4, r.sourceIp());
        s.setString(5, r.action());
        s.setString(6, r.resourceType());
        s.setString(7, r.resourceId());
        s.setObject(8, r.patientId(), Types.OTHER);
        s.setString(9, r.query());
        s.setString(10, r.method());
        s.setString(11, r.path());
        s.setInt(12, r.status());
        s.setString(13, r.status() < 400 ? "success" : "failure");
        s.setString(14, r.patientIds());
    }
}
