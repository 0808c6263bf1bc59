package org.frontdesk.reception.claims;

import org.frontdesk.reception.shared.Changes;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coverage.InsurerGateway;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Where;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What insurers say about claims, recorded in one place: the answer to a delivery (taken, refused,
 * unreadable, or not delivered yet) and a report the insurer sends later. Each answer is kept
 * verbatim with what was read from it, and moves the claim (locked) where the status machine
 * allows; nothing is ever marked sent that the insurer did not take.
 */
@ApplicationScoped
class InsurerAnswers {

    @Inject EntityManager em;
    @Inject ClaimService claims;
    @Inject PayerService payers;
    @Inject ClaimFhirMapper fhir;
    @Inject ClaimsConfig config;
    @Inject Clock clock;
    @Inject Changes changes;

    /**
     * Records what came of delivering an outbox row, if the deliverer still holds its lease
     * ({@code token}); otherwise another deliverer took the row and records its own outcome.
     *
     * @param circuitDelay how long to wait when nothing was sent because the payer's circuit is open
     * @param x12          the payer is a clearinghouse: taking the 837P is all its answer says (the
     *                     999 and 277CA come later)
     */
    @Transactional
    public void delivered(UUID outboxId, UUID token, InsurerGateway.Delivery d, Duration circuitDelay, boolean x12) {
        ClaimOutbox row = em.find(ClaimOutbox.class, outboxId, LockModeType.PESSIMISTIC_WRITE);
        if (!row.heldBy(token)) {
            return;
        }
        Claim claim = claims.locked(row.claimId);
        Instant now = clock.instant();
        if (d.notSent()) {
            // nothing left us (the payer's circuit is open): not an attempt; wait for the circuit
            row.lastError = d.failure();
            row.waitUntil(now.plus(circuitDelay));
            return;
        }
        // Taken: a 2xx, or a definite refusal of the claim itself (400, 422). Anything else (auth,
        // timeout, conflict with an in-flight copy, server errors) is not delivery.
        boolean taken = d.answered() && (d.httpStatus() < 300 || d.httpStatus() == 400 || d.httpStatus() == 422);
        if (!taken) {
            failed(row, claim, d.failure() != null ? d.failure() : "the insurer answered HTTP " + d.httpStatus(), now);
            return;
        }
        row.finish(ClaimOutbox.SENT);
        row.sentAt = now;
        row.lastError = null;
        if (d.httpStatus() >= 400) {
            String reasons = "HTTP " + d.httpStatus() + (d.body() == null ? "" : ": " + abbreviate(d.body()));
            keep(claim, "sync", abbreviate(d.body() == null ? "" : d.body()), "refused", null, reasons);
            claims.moveIfAllowed(claim, ClaimStatus.REJECTED, "the insurer refused the submission: " + reasons);
            return;
        }
        if (x12) {
            claims.moveIfAllowed(claim, ClaimStatus.SUBMITTED, "taken by the clearinghouse (HTTP " + d.httpStatus()
                    + "); its acknowledgments (999, 277CA) follow");
            return;
        }
        ClaimFhirMapper.Reading r;
        try {
            r = fhir.read(d.body());
        } catch (RuntimeException e) {
            String reasons = "the insurer took the claim (HTTP " + d.httpStatus() + ") but its answer could not be read: "
                    + e.getMessage();
            keep(claim, "sync", d.body() == null ? "" : d.body(), "unreadable", null, reasons);
            claims.moveIfAllowed(claim, ClaimStatus.SUBMITTED, reasons);
            return;
        }
        apply(claim, d.body(), r, "sync");
    }

    /** An outbox row whose deliverers died on every attempt: given up on, its claim needs a person. */
    void exhausted(UUID outboxId) {
        ClaimOutbox row = em.find(ClaimOutbox.class, outboxId);
        failed(row, claims.locked(row.claimId), row.lastError != null ? row.lastError
                : "no outcome was recorded (the sending instance stopped each time)", clock.instant());
    }

    /**
     * An insurer reports on a claim after the submission (adjudication, payment, denial): only
     * on its own claims (the caller's client id is the claim's payer id; otherwise the claim is
     * not found, so nothing leaks).
     */
    @Transactional
    public ClaimResponseRecord reportFromInsurer(UUID claimId, String payload, String clientId) {
        Claim claim = em.find(Claim.class, claimId, LockModeType.PESSIMISTIC_WRITE);
        if (claim == null || !payers.get(claim.payerId).payerCode.equals(clientId)) {
            throw ProblemException.notFound("Claim", claimId);
        }
        return apply(claim, payload, fhir.read(payload), "callback");
    }

    public ClaimResponseRecord get(UUID id) {
        return ProblemException.orNotFound(ClaimResponseRecord.findById(id), "ClaimResponse", id);
    }

    /** Answers about one claim and/or one patient's claims, newest first. */
    public PageResult<ClaimResponseRecord> search(UUID claimId, UUID patientId, int offset, int count) {
        Where w = new Where().and("claimId = ?", claimId)
                .and("claimId in (select c.id from Claim c where c.patientId = ?)", patientId);
        return PageResult.of(ClaimResponseRecord.find(w.query() + " order by receivedAt desc, id", w.args()), offset, count);
    }

    /**
     * An answer read from an X12 acknowledgment (999, 277CA, 277): kept as the claim's response,
     * with the payer's claim number when it gives one, and the claim moved where the machine
     * allows ({@code to} null: recorded only).
     */
    void x12Answer(Claim claim, String outcome, ClaimStatus to, String payerClaimNumber, String reasons, String payload) {
        ClaimResponseRecord r = keep(claim, "x12", payload, outcome, null, reasons);
        r.payerClaimNumber = payerClaimNumber;
        if (payerClaimNumber != null) {
            claim.payerClaimNumber = payerClaimNumber;
        }
        if (to != null) {
            claims.moveIfAllowed(claim, to, reasons);
        }
        claims.touch(claim);
    }

    /** A failed delivery: tried again after the backoff, or given up on after the last attempt. */
    private void failed(ClaimOutbox row, Claim claim, String why, Instant now) {
        row.lastError = why.length() > 2000 ? why.substring(0, 2000) : why;
        if (row.attempts >= config.dispatch().maxAttempts()) {
            row.finish(ClaimOutbox.FAILED);
            claims.moveIfAllowed(claim, ClaimStatus.NEEDS_ATTENTION, "not delivered after " + row.attempts
                    + " attempts: " + why);
            return;
        }
        row.retryLater(now, config.dispatch().backoff(), config.dispatch().maxBackoff());
    }

    /** Keeps a read answer and applies it: payer claim number, amounts, and the status it leads to. */
    private ClaimResponseRecord apply(Claim claim, String payload, ClaimFhirMapper.Reading r, String source) {
        ClaimResponseRecord response = keep(claim, source, payload, r.outcome(), r,
                r.reasons().isEmpty() ? null : String.join("\n", r.reasons()));
        if (r.payerClaimNumber() != null) {
            claim.payerClaimNumber = r.payerClaimNumber();
        }
        if (r.paid() != null) {
            claim.paidAmount = r.paid();
        }
        if (r.patientPays() != null) {
            claim.patientResponsibility = r.patientPays();
        }
        String reason = (source.equals("sync") ? "insurer answered: " : "insurer reported: ") + r.outcome()
                + (r.reasons().isEmpty() ? "" : " (" + String.join("; ", r.reasons()) + ")");
        claims.moveIfAllowed(claim, ClaimStatusPolicy.afterAnswer(r.outcome(), r.paid(), claim.totalCharge), reason);
        claims.touch(claim);
        return response;
    }

    private ClaimResponseRecord keep(Claim claim, String source, String payload, String outcome,
                                     ClaimFhirMapper.Reading r, String reasons) {
        ClaimResponseRecord response = new ClaimResponseRecord();
        response.id = UUID.randomUUID();
        response.claimId = claim.id;
        response.receivedAt = clock.instant();
        response.source = source;
        response.payload = payload;
        response.outcome = outcome;
        response.reasons = reasons;
        if (r != null) {
            response.payerClaimNumber = r.payerClaimNumber();
            response.totalPaid = r.paid();
            response.patientResponsibility = r.patientPays();
        }
        response.persist();
        changes.record(Changes.Change.of("ClaimResponse", response.id, Changes.CLAIM_RESPONSE, claim.patientId, outcome));
        return response;
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
