package org.frontdesk.reception.shared;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives dev mode and tests a real PostgreSQL when no datasource is configured, so a fresh
 * machine needs nothing installed (Dev Services would need Docker, which we can't assume).
 *
 * <p>The server is started lazily, the first time the JDBC URL is asked for, and only in the
 * {@code dev} and {@code test} profiles; once per JVM (dev-mode restarts reuse it). When
 * {@code QUARKUS_DATASOURCE_JDBC_URL} (or {@code quarkus.datasource.jdbc.url}) is set, this
 * source contributes nothing and that server is used. Its ordinal is low, so anything
 * configured explicitly wins.
 */
public class EmbeddedPostgresConfigSource implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSource.class);
    private static final String URL = "quarkus.datasource.jdbc.url";
    private static final String USER = "quarkus.datasource.username";
    private static final String PASSWORD = "quarkus.datasource.password";
    /** Survives dev-mode class reloading: the server outlives the class loader that started it. */
    private static final String STARTED_URL = "reception.embedded-postgres.started-url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean devOrTest = profiles.contains("dev") || profiles.contains("test");
        var configured = context.getValue(URL);
        var enabled = context.getValue("reception.embedded-postgres.enabled");
        if (!devOrTest || (configured != null && configured.getValue() != null)
                || (enabled != null && "false".equalsIgnoreCase(enabled.getValue()))) {
            return List.of();
        }
        var dataDir = context.getValue("reception.embedded-postgres.data-dir");
        boolean keepData = profiles.contains("dev") && !profiles.contains("test");
        return List.of(new Lazy(keepData ? Path.of(dataDir != null && dataDir.getValue() != null
                ? dataDir.getValue() : "target/dev-postgres") : null));
    }

    private static final class Lazy implements ConfigSource {
        private final Path dataDir;

        Lazy(Path dataDir) {
            this.dataDir = dataDir;
        }

        @Override
        public Set<String> getPropertyNames() {
            return Set.of(URL, USER, PASSWORD);
        }

        @Override
        public String getValue(String name) {
            return switch (name) {
                case URL -> start();
                case USER, PASSWORD -> "postgres";
                default -> null;
            };
        }

        @Override
        public Map<String, String> getProperties() {
            return Map.of(URL, start(), USER, "postgres", PASSWORD, "postgres");
        }

        @Override
        public String getName() {
            return "embedded-postgresql";
        }

        @Override
        public int getOrdinal() {
            return 50;
        }

        private String start() {
            synchronized (EmbeddedPostgresConfigSource.class) {
                String url = System.getProperty(STARTED_URL);
                if (url != null) {
                    return url;
                }
                try {
                    var builder = EmbeddedPostgres.builder()
                            .setServerConfig("max_connections", "200")
                            .setPGStartupWait(java.time.Duration.ofSeconds(60));
                    if (dataDir != null) {
                        builder.setDataDirectory(dataDir.toAbsolutePath()).setCleanDataDirectory(false);
                    } else {
                        // Test data is thrown away; durability buys nothing there.
                        builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                                .setServerConfig("full_page_writes", "off")
                                // StatementBudgetTest counts the statements of a request with it
                                .setServerConfig("shared_preload_libraries", "pg_stat_statements");
                    }
                    EmbeddedPostgres pg = builder.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            pg.close();
                        } catch (IOException e) {
                            // the JVM is going away; nothing left to tell
                        }
                    }, "embedded-postgres-stop"));
                    url = pg.getJdbcUrl("postgres", "postgres");
                    System.setProperty(STARTED_URL, url);
                    LOG.infof("Started embedded PostgreSQL on port %d (no datasource configured)", pg.getPort());
                    return url;
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
                }
            }
        }
    }
}
