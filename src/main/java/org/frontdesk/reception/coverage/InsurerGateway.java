package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import org.frontdesk.reception.shared.BoundedBody;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The way out to insurers, for eligibility and claims alike: one typed REST client per payer
 * (its base URL, timeouts and credentials), retried with exponential backoff on transient
 * failures only (connection refused or reset, 429, 502, 503, 504), behind a circuit breaker of
 * its own. It never makes an answer up: what comes back is either the insurer's HTTP answer or
 * the reason there is none.
 */
@ApplicationScoped
public class InsurerGateway {

    private static final Logger LOG = Logger.getLogger(InsurerGateway.class);
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(429, 502, 503, 504);

    @Inject CoverageConfig config;
    @Inject ObjectMapper json;
    @Inject Clock clock;
    private final Map<UUID, Channel> channels = new ConcurrentHashMap<>();

    @Inject io.micrometer.core.instrument.MeterRegistry metrics;

    /**
     * What came of sending: the insurer's answer (any status we read), or why there is none.
     * {@code notSent} when nothing left us (an open circuit, a missing secret): not an attempt
     * the insurer failed.
     */
    public record Delivery(Integer httpStatus, String body, String failure, boolean notSent) {
        static Delivery answered(int status, String body) {
            return new Delivery(status, body, null, false);
        }

        static Delivery failed(String why, Integer status, String body) {
            return new Delivery(status, body, why, false);
        }

        static Delivery held(String why) {
            return new Delivery(null, null, why, true);
        }

        public boolean answered() {
            return failure == null;
        }
    }

    /** An insurer failure: counted by the circuit breaker; retried when {@code transientFailure}. */
    static class InsurerFailure extends RuntimeException {
        final Integer status;
        final String body;

        InsurerFailure(String why, Integer status, String body) {
            super(why, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    static final class TransientFailure extends InsurerFailure {
        TransientFailure(String why, Integer status, String body) {
            super(why, status, body);
        }
    }

    /** Sends a CoverageEligibilityRequest to {@code {baseUrl}/CoverageEligibilityRequest/$submit}. */
    public Delivery submitEligibility(Payer payer, String requestJson) {
        return timed(payer, "eligibility", () -> send(payer, client -> client.submitEligibility(requestJson)));
    }

    /**
     * Insurer latency and outcomes for Prometheus ({@code reception_insurer_requests_seconds} by
     * payer, kind and outcome: answered, failed, held).
     */
    private Delivery timed(Payer payer, String kind, java.util.function.Supplier<Delivery> call) {
        long start = System.nanoTime();
        Delivery d = call.get();
        String outcome = d.answered() ? "answered" : d.notSent() ? "held" : "failed";
        io.micrometer.core.instrument.Timer.builder("reception.insurer.requests")
                .tag("payer", payer.payerCode).tag("kind", kind).tag("outcome", outcome)
                .register(metrics).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return d;
    }

    /**
     * Sends a claim (a Claim or a Bundle) to {@code {baseUrl}/Claim/$submit} with the claim
     * version's idempotency key, so a resend is recognised by the insurer as the same claim.
     */
    public Delivery submitClaim(Payer payer, String claimJson, String idempotencyKey) {
        return timed(payer, "claim", () -> send(payer, client -> client.submitClaim(claimJson, idempotencyKey)));
    }

    /** Sends an 837P interchange to a clearinghouse payer's {@code {baseUrl}/claims} with the claim version's key. */
    public Delivery submitX12Claim(Payer payer, String interchange, String idempotencyKey) {
        return timed(payer, "x12-claim", () -> send(payer, client -> client.submitX12(interchange, idempotencyKey)));
    }

    /** A 270 to a clearinghouse payer's {@code {baseUrl}/eligibility}; the answer is the 271. */
    public Delivery eligibility270(Payer payer, String inquiry) {
        return timed(payer, "x12-eligibility", () -> send(payer, client -> client.eligibility(inquiry)));
    }

    /** A 276 to a clearinghouse payer's {@code {baseUrl}/claim-status}; the answer is the 277. */
    public Delivery claimStatus276(Payer payer, String inquiry) {
        return timed(payer, "x12-claim-status", () -> send(payer, client -> client.claimStatus(inquiry)));
    }

    /** The clearinghouse's list of files waiting for us (JSON). */
    public Delivery x12Responses(Payer payer) {
        return timed(payer, "x12-list", () -> send(payer, InsurerClient::responses));
    }

    /**
     * Fetches one waiting file into {@code into}, streamed, at most {@code maxBytes}: the delivery's
     * body is null; the file holds it when the answer is a 200.
     */
    public Delivery x12Response(Payer payer, String id, java.nio.file.Path into, long maxBytes) {
        return timed(payer, "x12-fetch", () -> send(payer, client -> client.response(id), into, maxBytes));
    }

    /** Tells the clearinghouse a file was taken. */
    public Delivery x12Acknowledge(Payer payer, String id) {
        return timed(payer, "x12-ack", () -> send(payer, client -> client.acknowledge(id)));
    }

    private Delivery send(Payer payer, java.util.function.Function<InsurerClient, Response> call) {
        return send(payer, call, null, 0);
    }

    private Delivery send(Payer payer, java.util.function.Function<InsurerClient, Response> call,
                          java.nio.file.Path into, long maxBytes) {
        if (payer.baseUrl == null) {
            return Delivery.failed("the payer has no endpoint configured (base URL)", null, null);
        }
        boolean insecure = config.insurer().allowInsecureEndpoints();
        for (String url : new String[] {payer.baseUrl, payer.tokenUrl}) {
            String problem = url == null ? null : org.frontdesk.reception.shared.OutboundUrls.problem(url, insecure);
            if (problem != null) { // checked again now: a name may resolve elsewhere than when the payer was saved
                return Delivery.failed("not sent: the payer's URL " + problem, null, null);
            }
        }
        Channel channel = channels.compute(payer.id, (id, old) -> {
            if (old != null && old.version == payer.version) {
                return old;
            }
            // the old client is left to finish its in-flight calls and be collected; the new
            // settings take over from the next call on, with a fresh circuit breaker
            return new Channel(payer);
        });
        try {
            channel.authenticate();
        } catch (InsurerFailure e) {
            return Delivery.failed(e.getMessage(), e.status, e.body);
        }
        try {
            return channel.guard.call(() -> channel.send(call, into, maxBytes));
        } catch (CircuitBreakerOpenException e) {
            return Delivery.held("not sent: calls to " + payer.name + " are paused after repeated failures "
                    + "(circuit open for " + circuitDelay(payer).toSeconds() + " s)");
        } catch (InsurerFailure e) {
            return Delivery.failed(e.getMessage(), e.status, e.body);
        } catch (Exception e) {
            LOG.warnf("Eligibility call to payer %s failed unexpectedly: %s", payer.payerCode, e.getClass().getName());
            return Delivery.failed("the call to the insurer failed: " + e.getClass().getSimpleName(), null, null);
        }
    }

    /** How long a payer's open circuit refuses calls: its own setting, or the default. */
    public java.time.Duration circuitDelay(Payer p) {
        return p.circuitDelaySeconds != null ? java.time.Duration.ofSeconds(p.circuitDelaySeconds)
                : config.insurer().circuitDelay();
    }

    /** One payer's client, credentials and guard, rebuilt when the payer's settings change. */
    private final class Channel {
        final long version;
        final Payer payer;
        final InsurerClient client;
        final TypedGuard<Delivery> guard;
        volatile String headerName;
        volatile String headerValue;
        volatile Instant tokenExpires = Instant.MIN;

        Channel(Payer p) {
            this.version = p.version;
            this.payer = copy(p);
            ClientRequestFilter auth = ctx -> {
                if (headerName != null) {
                    ctx.getHeaders().putSingle(headerName, headerValue);
                }
            };
            this.client = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(URI.create(p.baseUrl))
                    .connectTimeout(p.connectTimeoutMs, TimeUnit.MILLISECONDS)
                    .readTimeout(p.readTimeoutMs, TimeUnit.MILLISECONDS)
                    .property("microprofile.rest.client.disable.default.mapper", true)
                    .register(auth)
                    .build(InsurerClient.class);
            var insurer = config.insurer();
            this.guard = TypedGuard.create(Delivery.class)
                    .withRetry().maxRetries(insurer.retries())
                    .delay(insurer.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .retryOn(TransientFailure.class)
                    .withExponentialBackoff().factor(2).done()
                    .done()
                    .withCircuitBreaker()
                    .requestVolumeThreshold(p.circuitVolume != null ? p.circuitVolume : insurer.circuitVolume())
                    .failureRatio(p.circuitFailureRatio != null ? p.circuitFailureRatio.doubleValue()
                            : insurer.circuitFailureRatio())
                    .delay(circuitDelay(p).toMillis(), ChronoUnit.MILLIS)
                    .failOn(InsurerFailure.class)
                    .done()
                    .build();
        }

        Delivery send(java.util.function.Function<InsurerClient, Response> call, java.nio.file.Path into, long maxBytes) {
            Response answer;
            try {
                answer = call.apply(client);
            } catch (WebApplicationException e) {
                answer = e.getResponse();
            } catch (ProcessingException e) {
                throw transport(e);
            }
            try (Response r = answer) {
                int status = r.getStatus();
                if (into != null && status == 200) {
                    return spool(r, into, maxBytes);
                }
                String text;
                try {
                    text = BoundedBody.read(r, BoundedBody.MAX_BYTES);
                } catch (BoundedBody.TooLarge e) {
                    throw new InsurerFailure("the insurer's answer (HTTP " + status + ") was not read: " + e.getMessage(),
                            status, null);
                }
                if (TRANSIENT_STATUSES.contains(status)) {
                    throw new TransientFailure("the insurer answered HTTP " + status + " (busy or unavailable)", status, text);
                }
                if (status >= 500) {
                    throw new InsurerFailure("the insurer answered HTTP " + status + " (server error)", status, text);
                }
                return Delivery.answered(status, text);
            } catch (ProcessingException e) {
                throw transport(e);
            }
        }

        /** Streams a file answer to disk, refusing it past {@code maxBytes}. */
        private Delivery spool(Response r, java.nio.file.Path into, long maxBytes) {
            try (java.io.InputStream in = r.readEntity(java.io.InputStream.class);
                 java.io.OutputStream out = java.nio.file.Files.newOutputStream(into)) {
                byte[] buffer = new byte[64 * 1024];
                long size = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new InsurerFailure("the clearinghouse's file exceeds " + maxBytes + " bytes", 200, null);
                    }
                    out.write(buffer, 0, n);
                }
                return Delivery.answered(200, null);
            } catch (IOException e) {
                throw new TransientFailure("the clearinghouse's file could not be read: " + e.getMessage(), 200, null);
            }
        }

        /** Sets the credentials header for the next call: an API key, or an OAuth2 token while it lasts. */
        void authenticate() {
            switch (payer.authType) {
                case "api-key" -> {
                    headerName = payer.apiKeyHeader;
                    headerValue = secret();
                }
                case "oauth2" -> {
                    if (headerValue != null && clock.instant().isBefore(tokenExpires)) {
                        return;
                    }
                    synchronized (this) {
                        if (headerValue == null || !clock.instant().isBefore(tokenExpires)) {
                            fetchToken();
                        }
                    }
                }
                default -> headerName = null;
            }
        }

        private void fetchToken() {
            InsurerClient tokens = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(payer.tokenUrl))
                    .connectTimeout(payer.connectTimeoutMs, TimeUnit.MILLISECONDS)
                    .readTimeout(payer.readTimeoutMs, TimeUnit.MILLISECONDS)
                    .property("microprofile.rest.client.disable.default.mapper", true)
                    .build(InsurerClient.class);
            try (Response r = tokens.token("client_credentials", payer.clientId, secret())) {
                String text;
                try {
                    text = java.util.Objects.requireNonNullElse(BoundedBody.read(r, 64 * 1024), "");
                } catch (BoundedBody.TooLarge e) {
                    throw new InsurerFailure("the insurer's token endpoint answer was not read: " + e.getMessage(),
                            r.getStatus(), null);
                }
                if (r.getStatus() != 200) {
                    throw new InsurerFailure("the insurer's token endpoint answered HTTP " + r.getStatus(), r.getStatus(), text);
                }
                JsonNode token = json.readTree(text);
                if (!token.hasNonNull("access_token")) {
                    throw new InsurerFailure("the insurer's token endpoint sent no access_token", r.getStatus(), text);
                }
                long seconds = token.path("expires_in").asLong(300);
                headerName = "Authorization";
                headerValue = "Bearer " + token.get("access_token").asText();
                tokenExpires = clock.instant().plusSeconds(Math.max(0, seconds - 30));
            } catch (ProcessingException e) {
                throw transport(e);
            } catch (IOException e) {
                throw new InsurerFailure("the insurer's token endpoint sent malformed JSON", 200, null);
            } finally {
                InsurerGateway.close(tokens);
            }
        }

        /**
         * The payer's secret, from a setting whose name starts with {@code PAYER_} (an environment
         * variable in production), so a payer's settings can never name another secret of the app.
         */
        private String secret() {
            if (payer.authSecretName == null || !PayerService.secretBelongsTo(payer.authSecretName, payer.payerCode)) {
                throw new InsurerFailure("not sent: the secret name of " + payer.name + " must be PAYER_"
                        + PayerService.secretPrefix(payer.payerCode) + "_<NAME>",
                        null, null);
            }
            Optional<String> value = ConfigProvider.getConfig().getOptionalValue(payer.authSecretName, String.class);
            return value.filter(v -> !v.isBlank()).orElseThrow(() -> new InsurerFailure("not sent: the secret "
                    + payer.authSecretName + " for " + payer.name + " is not set in the environment", null, null));
        }

        private InsurerFailure transport(ProcessingException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException
                        || c.getClass().getSimpleName().contains("Timeout")) {
                    return new InsurerFailure("the insurer did not answer within " + payer.readTimeoutMs + " ms", null, null);
                }
                if (c instanceof java.net.ConnectException || c instanceof java.net.SocketException
                        || c instanceof java.nio.channels.ClosedChannelException) {
                    return new TransientFailure("the insurer could not be reached (" + c.getClass().getSimpleName() + ")",
                            null, null);
                }
            }
            return new TransientFailure("the connection to the insurer failed (" + e.getClass().getSimpleName() + ")",
                    null, null);
        }
    }

    private static void close(Object c) {
        if (c instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing a client is best effort
            }
        }
    }

    /** A detached snapshot of the payer's settings, with its id and version, for the client cache. */
    private static Payer copy(Payer p) {
        Payer c = new Payer();
        c.takeSettingsOf(p);
        c.id = p.id;
        c.version = p.version;
        return c;
    }
}
