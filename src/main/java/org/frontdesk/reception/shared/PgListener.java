package org.frontdesk.reception.shared;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How the instances hear of each other's commits: one PostgreSQL connection per instance,
 * outside the pool, that {@code LISTEN}s on the channels features subscribe to, and calls their
 * handlers (on its own thread; a handler must hand real work off at once). A notification is a
 * hint to look at the database, never the data: when the connection is lost and made again,
 * every handler is called, since notifications sent meanwhile are gone.
 */
@ApplicationScoped
public class PgListener {

    private static final Logger LOG = Logger.getLogger(PgListener.class);
    private static final int POLL_MS = 500;
    /** Quiet polls after which the connection is probed (30 s). */
    private static final int PROBE_EVERY = 60;

    private final Map<String, List<Runnable>> handlers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile boolean listening;

    /** Calls {@code handler} after each commit that notifies {@code channel} (several commits may make one call). */
    public void on(String channel, Runnable handler) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
        Thread t = thread;
        if (t != null) {
            t.interrupt(); // listen again, now with this channel too
        }
    }

    /** Whether the connection is up and listening (for readiness and tests). */
    public boolean listening() {
        return listening;
    }

    void start(@Observes @Priority(10) StartupEvent e) {
        running = true;
        Thread t = new Thread(this::run, "pg-listen");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try (Connection c = connect()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement s = c.createStatement()) {
                    for (String channel : handlers.keySet()) {
                        s.execute("LISTEN " + channel);
                    }
                }
                listening = true;
                backoff = 100;
                handlers.values().forEach(list -> list.forEach(PgListener::call)); // catch up on anything missed
                int quiet = 0;
                while (running && !Thread.interrupted()) {
                    PGNotification[] got = pg.getNotifications(POLL_MS);
                    if (got == null || got.length == 0) {
                        if (++quiet >= PROBE_EVERY) { // a connection dropped without a word is found out, not trusted
                            quiet = 0;
                            try (Statement probe = c.createStatement()) {
                                probe.execute("select 1");
                            }
                        }
                        continue;
                    }
                    quiet = 0;
                    java.util.Set<String> channels = new java.util.HashSet<>();
                    for (PGNotification n : got) {
                        channels.add(n.getName());
                    }
                    for (String channel : channels) {
                        handlers.getOrDefault(channel, List.of()).forEach(PgListener::call);
                    }
                }
            } catch (SQLException | RuntimeException ex) {
                if (running) {
                    LOG.warnf("Listening for commits failed (%s); connecting again in %d ms", ex.getClass().getSimpleName(),
                            backoff);
                }
            } finally {
                listening = false;
            }
            if (running) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    // listen again at once (a new channel)
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private static void call(Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            LOG.warnf("A commit listener failed: %s", e.getClass().getName());
        }
    }

    /** A connection of its own, with the application's datasource settings. */
    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        Properties p = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> p.setProperty("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("ApplicationName", "reception-listen");
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, p);
    }
}
