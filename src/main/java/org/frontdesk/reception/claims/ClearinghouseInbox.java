package org.frontdesk.reception.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.coverage.InsurerGateway;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.shared.ProblemException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Takes the files each clearinghouse holds for us (999, 277CA, 835), one at a time: fetched to
 * disk (bounded), taken once (a row per clearinghouse and file id, written in the same transaction
 * as what the file did, so two instances never apply one file twice), applied by
 * {@link X12Inbound}, and only then acknowledged to the clearinghouse. A file that can't be
 * applied is kept with the reason, for the billing desk; nothing fetched is lost.
 */
@ApplicationScoped
class ClearinghouseInbox {

    private static final Logger LOG = Logger.getLogger(ClearinghouseInbox.class);
    private static final int MAX_LISTED = 500;

    @Inject PayerService payers;
    @Inject InsurerGateway gateway;
    @Inject X12Inbound inbound;
    @Inject ObjectMapper json;
    @Inject EntityManager em;
    @Inject ClaimsConfig config;
    @Inject org.frontdesk.reception.shared.X12Config x12Config;
    @Inject Clock clock;

    /** What one poll of one clearinghouse did. */
    record Polled(String endpoint, int applied, int refused, int skipped, String failure) {
    }

    @Scheduled(every = "${reception.claims.clearinghouse.poll-every:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        poll();
    }

    /** Polls every clearinghouse once (each endpoint through the first active payer that uses it). */
    public List<Polled> poll() {
        Map<String, Payer> endpoints = new LinkedHashMap<>();
        for (Payer p : payers.list()) {
            if (p.active && ClaimSubmissions.X12_CHANNEL.equals(p.channel) && p.baseUrl != null) {
                endpoints.putIfAbsent(p.baseUrl, p);
            }
        }
        List<Polled> done = new ArrayList<>();
        endpoints.values().forEach(p -> done.add(poll(p)));
        return done;
    }

    private Polled poll(Payer payer) {
        InsurerGateway.Delivery list = gateway.x12Responses(payer);
        if (!list.answered() || list.httpStatus() != 200) {
            return new Polled(payer.baseUrl, 0, 0, 0, list.failure() != null ? list.failure()
                    : "the clearinghouse answered HTTP " + list.httpStatus());
        }
        JsonNode files;
        try {
            files = json.readTree(list.body() == null ? "[]" : list.body());
        } catch (IOException e) {
            return new Polled(payer.baseUrl, 0, 0, 0, "the clearinghouse's list is not JSON");
        }
        int applied = 0;
        int refused = 0;
        int skipped = 0;
        int seen = 0;
        for (JsonNode f : files.isArray() ? files : json.createArrayNode()) {
            if (++seen > MAX_LISTED) {
                break; // the rest on the next poll
            }
            String id = f.path("id").asText("");
            if (id.isEmpty() || id.length() > 200 || !id.matches("[A-Za-z0-9._-]+")) {
                skipped++;
                continue;
            }
            if (taken(payer.baseUrl, id)) {
                gateway.x12Acknowledge(payer, id); // taken before, but the acknowledgment was lost
                skipped++;
                continue;
            }
            String outcome = take(payer, id);
            if (outcome == null) {
                skipped++;
            } else if (outcome.equals("applied")) {
                applied++;
            } else {
                refused++;
            }
        }
        return new Polled(payer.baseUrl, applied, refused, skipped, null);
    }

    /** Fetches, applies and records one file; acknowledges it once recorded. Returns applied, refused, or null. */
    private String take(Payer payer, String id) {
        Path file = null;
        try {
            file = Files.createTempFile("clearinghouse-", ".edi");
            InsurerGateway.Delivery d = gateway.x12Response(payer, id, file, x12Config.maxFileSize().asLongValue());
            if (!d.answered() || d.httpStatus() != 200) {
                LOG.warnf("Clearinghouse file %s at %s not fetched: %s", id, payer.baseUrl,
                        d.failure() != null ? d.failure() : "HTTP " + d.httpStatus());
                return null;
            }
            Path f = file;
            String sha = sha256(f);
            String outcome;
            try {
                outcome = QuarkusTransaction.requiringNew().call(() -> {
                    if (!record(payer.baseUrl, id, "applied", null, f)) {
                        return null; // another instance took it meanwhile
                    }
                    X12Inbound.Applied a = inbound.apply(f, sha);
                    setKind(payer.baseUrl, id, a.kind(), a.notes().isEmpty() ? null : String.join("\n", a.notes()));
                    return "applied";
                });
            } catch (ProblemException e) {
                String why = e.problem().detail();
                outcome = QuarkusTransaction.requiringNew().call(() ->
                        record(payer.baseUrl, id, "refused", why, f) ? "refused" : null);
            } catch (RuntimeException e) {
                // not the file's fault as far as we know (a database error, a conflict): kept and
                // acknowledged all the same, refused with the reason, so one file never blocks the rest
                LOG.warnf(e, "Clearinghouse file %s at %s could not be applied", id, payer.baseUrl);
                String why = "could not be applied (" + e.getClass().getSimpleName() + "); kept for the billing desk";
                outcome = QuarkusTransaction.requiringNew().call(() ->
                        record(payer.baseUrl, id, "refused", why, f) ? "refused" : null);
            }
            if (outcome != null) {
                gateway.x12Acknowledge(payer, id);
            }
            return outcome;
        } catch (IOException e) {
            LOG.warnf("Clearinghouse file %s at %s not taken: %s", id, payer.baseUrl, e.getMessage());
            return null;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private boolean taken(String endpoint, String id) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(
                "select 1 from clearinghouse_file where endpoint = ?1 and remote_id = ?2")
                .setParameter(1, endpoint).setParameter(2, id).getResultList().isEmpty());
    }

    /** Records the file as taken (false when it already was). */
    private boolean record(String endpoint, String id, String status, String detail, Path file) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            Files.copy(file, out);
        }
        return em.createNativeQuery("""
                        insert into clearinghouse_file (id, endpoint, remote_id, status, detail, received_at, content)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (endpoint, remote_id) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, endpoint).setParameter(3, id)
                .setParameter(4, status).setParameter(5, detail).setParameter(6, clock.instant())
                .setParameter(7, bytes.toByteArray()).executeUpdate() == 1;
    }

    private void setKind(String endpoint, String id, String kind, String detail) {
        em.createNativeQuery("update clearinghouse_file set kind = ?3, detail = ?4 where endpoint = ?1 and remote_id = ?2")
                .setParameter(1, endpoint).setParameter(2, id).setParameter(3, kind).setParameter(4, detail).executeUpdate();
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (var in = new java.security.DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
