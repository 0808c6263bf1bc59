package org.frontdesk.reception.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests an operator applies (k8s/) agree with the application: every kustomization's
 * files exist and parse, each overlay builds with kustomize into the objects an operator needs,
 * and the Deployment's port, probes, security settings and environment match what the app
 * serves and reads.
 *
 * <p>kustomize is not assumed installed: the build fetches the pinned kustomize release into
 * {@code target/tools} (maven-antrun-plugin, {@code generate-test-resources}, checked against its
 * SHA-256). If it is missing (an offline first build, another platform than Linux x86-64), the
 * overlay tests fail and say so; they never pass without having built the overlays.
 */
class K8sManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyKustomizationNamesFilesThatExistAndParse(String dir) throws IOException {
        JsonNode k = YAML.readTree(K8S.resolve(dir).resolve("kustomization.yaml").toFile());
        List<String> files = new ArrayList<>();
        k.path("resources").forEach(r -> files.add(r.asText()));
        k.path("patches").forEach(p -> files.add(p.path("path").asText()));
        assertTrue(!files.isEmpty(), dir + " names no resources");
        for (String f : files) {
            Path p = K8S.resolve(dir).resolve(f).normalize();
            assertTrue(Files.exists(p), dir + ": " + f + " does not exist");
            if (Files.isRegularFile(p)) {
                for (JsonNode doc : documents(Files.readString(p))) {
                    assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind")
                            && doc.path("metadata").hasNonNull("name"), dir + ": " + f + " is not a Kubernetes object");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachOverlayBuildsIntoTheObjectsAnOperatorNeeds(String overlay) throws Exception {
        String built = kustomize(K8S.resolve("overlays").resolve(overlay));
        Set<String> kinds = new HashSet<>();
        for (JsonNode doc : documents(built)) {
            kinds.add(doc.path("kind").asText());
            if (!doc.path("kind").asText().equals("Namespace")) {
                assertEquals("frontdesk", doc.path("metadata").path("namespace").asText(),
                        doc.path("kind").asText() + " is outside the namespace");
            }
        }
        assertTrue(kinds.containsAll(Set.of("Namespace", "Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "NetworkPolicy", "Ingress", "ServiceMonitor", "Cluster")), overlay + ": " + kinds);
        JsonNode cluster = documents(built).stream().filter(d -> d.path("kind").asText().equals("Cluster")).findFirst()
                .orElseThrow();
        assertEquals(overlay.equals("prod") ? 3 : 1, cluster.path("spec").path("instances").asInt());
    }

    @Test
    void prodPostgresTakesEveryReplicasPoolAtTheAutoscalersMaximum() throws IOException {
        Properties app = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        int pool = Integer.parseInt(app.getProperty("quarkus.datasource.jdbc.max-size"));
        int replicas = YAML.readTree(K8S.resolve("base/hpa.yaml").toFile()).path("spec").path("maxReplicas").asInt();
        int max = YAML.readTree(K8S.resolve("overlays/prod/postgres.yaml").toFile()).path("spec").path("postgresql")
                .path("parameters").path("max_connections").asInt();
        assertTrue(max > replicas * pool, "max_connections " + max + " <= " + replicas + " replicas x " + pool);
    }

    @Test
    void theDeploymentMatchesWhatTheAppServesAndReads() throws IOException {
        JsonNode d = YAML.readTree(K8S.resolve("base/deployment.yaml").toFile());
        JsonNode pod = d.path("spec").path("template").path("spec");
        JsonNode c = pod.path("containers").get(0);
        Properties app = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        assertEquals(Integer.parseInt(app.getProperty("quarkus.http.port", "8080")),
                c.path("ports").get(0).path("containerPort").asInt());
        // the image is the one the build makes (Jib, quarkus.container-image.*)
        String image = app.getProperty("quarkus.container-image.registry") + "/"
                + app.getProperty("quarkus.container-image.group") + "/" + app.getProperty("quarkus.container-image.name") + ":";
        assertTrue(c.path("image").asText().startsWith(image), c.path("image").asText() + " is not " + image + "*");
        assertEquals("/q/health/live", c.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/started", c.path("startupProbe").path("httpGet").path("path").asText());
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        assertTrue(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertTrue(c.path("resources").path("limits").has("memory") && c.path("resources").path("requests").has("cpu"));
        long shutdown = Long.parseLong(app.getProperty("quarkus.shutdown.timeout").replace("s", ""));
        assertTrue(pod.path("terminationGracePeriodSeconds").asLong() > shutdown,
                "the pod must outlive the app's graceful shutdown");
        // every variable the pod sets is one the app reads
        Set<String> env = new HashSet<>();
        c.path("env").forEach(e -> env.add(e.path("name").asText()));
        YAML.readTree(K8S.resolve("base/configmap.yaml").toFile()).path("data").fieldNames().forEachRemaining(env::add);
        assertTrue(env.containsAll(Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER")), env.toString());
        String props = Files.readString(Path.of("src/main/resources/application.properties"));
        // read by the image's launcher (run-java.sh) and by glibc, not by the app
        env.removeAll(Set.of("JAVA_OPTS_APPEND", "MALLOC_ARENA_MAX"));
        for (String name : env) {
            String key = name.toLowerCase().replace('_', '.');
            boolean known = name.startsWith("QUARKUS_") || name.startsWith("MP_JWT_")
                    || props.contains(key.replace("reception.frontend.origins", "reception.frontend-origins"))
                    || props.contains("${" + name) || keyInConfigMappings(key);
            assertTrue(known, name + " is not a setting of the application");
        }
    }

    /** Settings of our own @ConfigMapping interfaces, named in env style (RECEPTION_CODING_IMPORT_DIRS). */
    private static boolean keyInConfigMappings(String dotted) {
        return Set.of("reception.coding.import.dirs", "reception.claims.billing.npi", "reception.reminders.provider",
                "reception.reminders.http.url", "reception.reminders.http.api.key", "reception.payments.currency")
                .contains(dotted);
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }

    /** The kustomize binary the build fetched (see the pom's fetch-kustomize execution). */
    static final Path KUSTOMIZE = Path.of("target/tools/kustomize-linux-x64");

    /** {@code kustomize build} of an overlay; fails, saying why, when the build could not fetch kustomize. */
    private static String kustomize(Path overlay) throws Exception {
        assertTrue(Files.isExecutable(KUSTOMIZE), KUSTOMIZE + " is missing: the build fetches it from registry.npmjs.org "
                + "in generate-test-resources (pom property kustomize.url). Build once online, on Linux x86-64.");
        Process p = new ProcessBuilder(KUSTOMIZE.toString(), "build", overlay.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kustomize did not finish");
        assertEquals(0, p.exitValue(), "kustomize failed: " + out);
        return out;
    }
}
