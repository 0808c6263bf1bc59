package org.frontdesk.reception.fhir;

import jakarta.enterprise.context.RequestScoped;
import org.frontdesk.reception.shared.Idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * How the interactions of one request run: alone, or as entries of a Bundle. In a transaction
 * Bundle every entry joins the Bundle's transaction, its Idempotency-Key covers them all, and the
 * entries' audit records wait for the Bundle's outcome. In a batch each entry is a call of its
 * own, under the key with the entry's number added.
 */
@RequestScoped
class FhirCallScope {

    private boolean transaction;
    private Integer entry;
    private final List<IntConsumer> deferred = new ArrayList<>();

    boolean inTransaction() {
        return transaction;
    }

    void startTransaction() {
        transaction = true;
    }

    void entry(Integer index) {
        entry = index;
    }

    /** The key a call runs under: the request's, or in a batch the request's with the entry's number. */
    Idempotency.Call entryKey(Idempotency.Call call) {
        if (entry == null) {
            return call;
        }
        String key = call.key() + "#entry" + entry;
        if (key.length() > 255) {
            key = sha(call.key()) + "#entry" + entry;
        }
        return new Idempotency.Call(call.client(), call.subject(), key, call.operation(), call.fingerprint());
    }

    /** Holds an audit record until the transaction's outcome is known; false when there is none to wait for. */
    boolean defer(IntConsumer record) {
        if (!transaction) {
            return false;
        }
        deferred.add(record);
        return true;
    }

    /** Writes the held audit records: {@code failedStatus} 0 when the transaction committed, else its failure. */
    void finishTransaction(int failedStatus) {
        transaction = false;
        List<IntConsumer> records = new ArrayList<>(deferred);
        deferred.clear();
        records.forEach(r -> r.accept(failedStatus));
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
