package org.frontdesk.reception.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a mutating {@code /api} call once per {@code Idempotency-Key}: a retry with the same
 * key and the same request replays the first answer; the same key with a different request is
 * refused with 422.
 *
 * <p>The key is claimed by inserting its row in the caller's transaction, before the work is
 * done. A concurrent retry blocks on the unique key until the first transaction ends, then
 * replays its answer; if the first one rolled back, the retry does the work itself. So the
 * work and its recorded answer commit together or not at all.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final EntityManager em;
    private final ObjectMapper canonical;
    private final ObjectMapper json;

    public Idempotency(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
        this.canonical = JsonMapper.builder()
                .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .findAndAddModules()
                .build();
    }

    /**
     * @param key       the caller's Idempotency-Key header
     * @param required  whether the call must carry a key (creates) or may (updates)
     * @param client    who the key belongs to (keys are per client)
     * @param operation method and path of the call, e.g. {@code POST /api/v1/patients}
     * @param request   the parsed request (with query parameters that change the outcome)
     * @param work      does the work and returns the answer to keep
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Response once(String key, boolean required, String client, String operation, Object request,
                         Supplier<StoredResponse> work) {
        if (key == null || key.isBlank()) {
            if (required) {
                throw ProblemException.badRequest("Send an Idempotency-Key header (e.g. a UUID) so a retry can't do this twice.",
                        List.of(new FieldError(null, "Idempotency-Key header is required")));
            }
            return work.get().toResponse(false);
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters.",
                    List.of(new FieldError(null, "Idempotency-Key is malformed")));
        }
        String fingerprint = fingerprint(operation, request);
        int claimed = em.createNativeQuery("""
                        insert into idempotency_record (client_id, idempotency_key, request_hash, operation)
                        values (?1, ?2, ?3, ?4) on conflict (client_id, idempotency_key) do nothing""")
                .setParameter(1, client).setParameter(2, key).setParameter(3, fingerprint).setParameter(4, operation)
                .executeUpdate();
        if (claimed == 0) {
            Object[] row = (Object[]) em.createNativeQuery("""
                            select request_hash, status_code, location, etag, response_body
                            from idempotency_record where client_id = ?1 and idempotency_key = ?2""")
                    .setParameter(1, client).setParameter(2, key).getSingleResult();
            if (!fingerprint.equals(row[0])) {
                throw new ProblemException(Problem.of(422, "/problems/idempotency-key-reused", "Idempotency-Key reused",
                        "This Idempotency-Key was already used for a different request. Use a new key for a new request."));
            }
            return new StoredResponse(((Number) row[1]).intValue(), (String) row[2], (String) row[3], (String) row[4])
                    .toResponse(true);
        }
        StoredResponse answer = work.get();
        em.createNativeQuery("""
                        update idempotency_record set status_code = ?3, location = ?4, etag = ?5, response_body = ?6
                        where client_id = ?1 and idempotency_key = ?2""")
                .setParameter(1, client).setParameter(2, key).setParameter(3, answer.status())
                .setParameter(4, answer.location()).setParameter(5, answer.etag()).setParameter(6, answer.body())
                .executeUpdate();
        return answer.toResponse(false);
    }

    /**
     * Replaces the answer kept for a key, for work that goes on after its claim committed (an
     * insurer's answer arriving after the question was recorded): a retry then replays the end
     * result, not the intermediate one.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void answer(String key, String client, StoredResponse answer) {
        if (key == null || key.isBlank()) {
            return;
        }
        em.createNativeQuery("""
                        update idempotency_record set status_code = ?3, location = ?4, etag = ?5, response_body = ?6
                        where client_id = ?1 and idempotency_key = ?2""")
                .setParameter(1, client).setParameter(2, key).setParameter(3, answer.status())
                .setParameter(4, answer.location()).setParameter(5, answer.etag()).setParameter(6, answer.body())
                .executeUpdate();
    }

    /** Serialises a response body the way the JSON face would. */
    public String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response could not be serialised", e);
        }
    }

    private String fingerprint(String operation, Object request) {
        try {
            byte[] body = canonical.writeValueAsBytes(request);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(operation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Request could not be fingerprinted", e);
        }
    }
}
