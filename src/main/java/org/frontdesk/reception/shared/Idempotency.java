package org.frontdesk.reception.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Keeps the answers of {@link Idempotent} calls per {@code Idempotency-Key}, so a retry with
 * the same key and the same request replays the first answer and the same key with a different
 * request is refused with 422. Keys are per client and user.
 *
 * <p>The key is claimed by inserting its row in the call's transaction, before the work is done.
 * A concurrent retry blocks on the unique key until the first transaction ends, then replays its
 * answer; if the first one rolled back, the retry does the work itself. So the work and its kept
 * answer commit together or not at all.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** One call made under a key: whose key, which operation, and the fingerprint of the request. */
    public record Call(String client, String subject, String key, String operation, String fingerprint) {
    }

    private final EntityManager em;
    private final RequestIdentity caller;
    private final Instance<RoutingContext> request;
    private final IdempotencyContext context;
    private final ObjectMapper canonical;
    private final ObjectMapper json;

    public Idempotency(EntityManager em, RequestIdentity caller, Instance<RoutingContext> request,
                       IdempotencyContext context, ObjectMapper json) {
        this.em = em;
        this.caller = caller;
        this.request = request;
        this.context = context;
        this.json = json;
        this.canonical = JsonMapper.builder()
                .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .findAndAddModules()
                .build();
    }

    /**
     * The call the current request makes: its key, its operation (method and path) and the
     * fingerprint of what it asks (query and arguments).
     *
     * @return empty when the request carries no key and the call may go without
     * @throws ProblemException 400 when a required key is missing or a key is malformed
     */
    public Optional<Call> current(boolean required, Object[] arguments) {
        var http = request.get().request();
        String key = http.getHeader(HEADER);
        if (key == null || key.isBlank()) {
            if (required) {
                throw ProblemException.badRequest("Send an Idempotency-Key header (e.g. a UUID) so a retry can't do this twice.",
                        List.of(new FieldError(null, "Idempotency-Key header is required")));
            }
            return Optional.empty();
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters.",
                    List.of(new FieldError(null, "Idempotency-Key is malformed")));
        }
        String operation = http.method().name() + " " + http.path();
        if (operation.length() > 300) {
            operation = operation.substring(0, 300);
        }
        List<Object> asked = new ArrayList<>();
        asked.add(http.query());
        for (Object a : arguments) {
            if (a == null || !isContext(a)) {
                asked.add(a);
            }
        }
        return Optional.of(new Call(caller.clientId(), caller.subject(), key, operation, fingerprint(operation, asked)));
    }

    /** JAX-RS and Vert.x context objects a method may take: not part of what the call asks. */
    private static boolean isContext(Object a) {
        String type = a.getClass().getName();
        return type.startsWith("jakarta.ws.rs.") || type.startsWith("io.vertx.") || type.startsWith("org.jboss.resteasy.");
    }

    /**
     * Claims the call's key in the current transaction.
     *
     * @return the answer kept for it when the call was made before; empty when this is the first
     * time (the caller does the work, then {@link #keep}s its answer)
     * @throws ProblemException 422 when the key was used for another request
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredResponse> claim(Call call) {
        // Records written before keys were per user have an empty subject: they still count.
        int claimed = em.createNativeQuery("""
                        insert into idempotency_record (client_id, subject, idempotency_key, request_hash, operation)
                        select ?1, ?2, ?3, ?4, ?5
                        where not exists (select 1 from idempotency_record
                                          where client_id = ?1 and subject = '' and idempotency_key = ?3)
                        on conflict (client_id, subject, idempotency_key) do nothing""")
                .setParameter(1, call.client()).setParameter(2, call.subject()).setParameter(3, call.key())
                .setParameter(4, call.fingerprint()).setParameter(5, call.operation())
                .executeUpdate();
        if (claimed == 1) {
            return Optional.empty();
        }
        Object[] row = (Object[]) em.createNativeQuery("""
                        select request_hash, status_code, location, etag, response_body, subject, operation
                        from idempotency_record
                        where client_id = ?1 and subject in (?2, '') and idempotency_key = ?3
                        order by subject desc limit 1""")
                .setParameter(1, call.client()).setParameter(2, call.subject()).setParameter(3, call.key())
                .getSingleResult();
        // a record kept before keys were per user was fingerprinted another way: its operation must match
        boolean same = "".equals(row[5]) ? call.operation().equals(row[6]) : call.fingerprint().equals(row[0]);
        if (!same || row[1] == null) {
            throw new ProblemException(Problem.of(422, "/problems/idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request. Use a new key for a new request."));
        }
        return Optional.of(new StoredResponse(((Number) row[1]).intValue(), (String) row[2], (String) row[3],
                (String) row[4]));
    }

    /** Keeps (or replaces) the answer of a claimed call: a retry replays it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keep(Call call, StoredResponse answer) {
        em.createNativeQuery("""
                        update idempotency_record set status_code = ?4, location = ?5, etag = ?6, response_body = ?7
                        where client_id = ?1 and subject = ?2 and idempotency_key = ?3""")
                .setParameter(1, call.client()).setParameter(2, call.subject()).setParameter(3, call.key())
                .setParameter(4, answer.status()).setParameter(5, answer.location()).setParameter(6, answer.etag())
                .setParameter(7, answer.body()).executeUpdate();
    }

    /**
     * Runs a {@link Idempotent#phased} call: the key is claimed with the first step in a
     * transaction of its own, the rest runs outside any (it calls out), and the key then keeps the
     * final answer. A retry replays the final answer, or the first step's when the rest never ended.
     *
     * @param firstStep writes what must not be lost (e.g. the question asked) and answers with it
     * @param rest      carries the work on from the first answer, outside any transaction
     */
    public Response phased(Supplier<StoredResponse> firstStep, UnaryOperator<StoredResponse> rest) {
        Call call = context.startPhased();
        if (call == null) { // no key, and the call may go without
            StoredResponse first = QuarkusTransaction.requiringNew().call(firstStep::get);
            return rest.apply(first).toResponse(false);
        }
        record Started(StoredResponse answer, boolean replayed) {
        }
        Started started = QuarkusTransaction.requiringNew().call(() -> {
            Optional<StoredResponse> kept = claim(call);
            if (kept.isPresent()) {
                return new Started(kept.get(), true);
            }
            StoredResponse first = firstStep.get();
            keep(call, first);
            return new Started(first, false);
        });
        if (started.replayed()) {
            return started.answer().toResponse(true);
        }
        StoredResponse answer = rest.apply(started.answer());
        QuarkusTransaction.requiringNew().run(() -> keep(call, answer));
        return answer.toResponse(false);
    }

    /** The answer of a call as it is kept: its status, Location, ETag and body. */
    StoredResponse answerOf(Object result) {
        Response r = (Response) result;
        Object entity = r.getEntity();
        return new StoredResponse(r.getStatus(), r.getHeaderString(HttpHeaders.LOCATION),
                r.getHeaderString(HttpHeaders.ETAG), entity == null ? null : toJson(entity));
    }

    /** Serialises a response body the way the JSON face would (a JSON string is kept as it is). */
    public String toJson(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response could not be serialised", e);
        }
    }

    private String fingerprint(String operation, Object request) {
        try {
            byte[] body = canonical.writeValueAsBytes(canonical.convertValue(request, Object.class));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(operation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (JsonProcessingException | IllegalArgumentException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Request could not be fingerprinted", e);
        }
    }
}
