package org.frontdesk.reception.claims;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.frontdesk.reception.scheduling.Practitioner;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Where;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A claim as a record: reading and finding claims, and moving them along the status machine
 * ({@link ClaimStatusPolicy}), every move recorded with who, when and why. Building and editing
 * is {@link ClaimDrafts}; scrubbing, submitting and correcting is {@link ClaimSubmissions}; the
 * insurers' answers are {@link InsurerAnswers}.
 */
@ApplicationScoped
class ClaimService {

    @Inject EntityManager em;
    @Inject SchedulingSetupService scheduling;
    @Inject Actors actors;
    @Inject Clock clock;

    public Claim get(UUID id) {
        return ProblemException.orNotFound(Claim.findById(id), "Claim", id);
    }

    /** A claim by its id, or by the idempotency key of one of its submissions (what we sent the insurer). */
    public java.util.Optional<Claim> find(UUID id, String submissionKey) {
        Claim c = id == null ? null : Claim.findById(id);
        if (c == null && submissionKey != null) {
            ClaimOutbox o = ClaimOutbox.<ClaimOutbox>find("idempotencyKey", submissionKey).firstResult();
            c = o == null ? null : Claim.findById(o.claimId);
        }
        return java.util.Optional.ofNullable(c);
    }

    /** The claim, locked for the rest of the transaction. */
    Claim locked(UUID id) {
        return ProblemException.orNotFound(em.find(Claim.class, id, LockModeType.PESSIMISTIC_WRITE), "Claim", id);
    }

    /** What the billing desk filters claims by; each criterion given must hold. */
    public record Filter(ClaimStatus status, UUID payerId, LocalDate from, LocalDate to) {
    }

    /** Claims by status, payer and date of service, newest first. */
    public List<Claim> list(Filter f, int limit) {
        Where w = new Where().and("status = ?", f.status()).and("payerId = ?", f.payerId())
                .and("dateOfService >= ?", f.from()).and("dateOfService <= ?", f.to());
        return Claim.<Claim>find(w.query() + " order by dateOfService desc, createdAt desc", w.args())
                .range(0, limit - 1).list();
    }

    /** What an EHR searches claims by; each criterion given must hold (an empty status list matches nothing). */
    public record Search(UUID patientId, UUID payerId, List<ClaimStatus> statuses, Instant createdFrom,
                         Instant createdBefore) {
    }

    /** Claims newest first, one page. */
    public PageResult<Claim> search(Search s, int offset, int count) {
        return search(s, Criteria.NONE, offset, count);
    }

    public PageResult<Claim> search(Search s, Criteria c, int offset, int count) {
        return search(s, null, null, c, offset, count);
    }

    /** The same, only among the claims a client sent under an identifier ({@code system|value}) when one is given. */
    public PageResult<Claim> search(Search s, String clientId, String clientIdentifier, Criteria c, int offset, int count) {
        Where w = c.applyTo(new Where(), "updatedAt").and("clientId = ?", clientIdentifier == null ? null : clientId)
                .and("clientIdentifier = ?", clientIdentifier).and("patientId = ?", s.patientId()).and("payerId = ?", s.payerId())
                .andIn("status in ?", s.statuses()).and("createdAt >= ?", s.createdFrom())
                .and("createdAt < ?", s.createdBefore());
        return PageResult.of(Claim.find(w.query() + c.orderBy(java.util.Map.of("_lastUpdated", "updatedAt",
                "created", "createdAt"), "createdAt desc, id"), w.args()), offset, count);
    }

    /** The status history, oldest first. */
    public List<ClaimStatusChange> history(UUID claimId) {
        return ClaimStatusChange.list("claimId = ?1 order by id", claimId);
    }

    /** Each submission's delivery, in order. */
    public List<ClaimOutbox> deliveries(UUID claimId) {
        return ClaimOutbox.list("claimId = ?1 order by submission", claimId);
    }

    /** The insurer's answers, oldest first. */
    public List<ClaimResponseRecord> responses(UUID claimId) {
        return ClaimResponseRecord.list("claimId = ?1 order by receivedAt", claimId);
    }

    /** The practitioner who saw the patient, when the claim came from one of our visits. */
    public Practitioner rendering(Claim c) {
        return c.renderingPractitionerId == null ? null : scheduling.practitioner(c.renderingPractitionerId);
    }

    /** The payer's number of the claim a replacement or void corrects. */
    public String originalPayerClaimNumber(Claim c) {
        return c.originalClaimId == null ? null : get(c.originalClaimId).payerClaimNumber;
    }

    /** Moves a claim along the status machine and records it; a refused move is a 409. */
    void move(Claim c, ClaimStatus to, String reason) {
        if (!ClaimStatusPolicy.allowed(c.status, to)) {
            throw new ProblemException(Problem.of(409, "/problems/claim-status-transition", "Status change not allowed",
                    "A claim can't go from " + c.status + " to " + to + "."));
        }
        ClaimStatus from = c.status;
        c.status = to;
        c.statusReason = abbreviate(reason, 2000);
        touch(c);
        record(c, from, to, reason);
    }

    /** Moves a claim only if the machine allows it (an insurer's late or repeated answer). */
    void moveIfAllowed(Claim c, ClaimStatus to, String reason) {
        if (c.status != to && ClaimStatusPolicy.allowed(c.status, to)) {
            move(c, to, reason);
        }
    }

    /** Records a claim's first status (from none), or a move already made. */
    void record(Claim c, ClaimStatus from, ClaimStatus to, String reason) {
        ClaimStatusChange change = new ClaimStatusChange();
        change.claimId = c.id;
        change.fromStatus = from;
        change.toStatus = to;
        change.reason = reason == null ? null : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        change.changedAt = clock.instant();
        change.changedBy = actors.current();
        em.persist(change);
    }

    void touch(Claim c) {
        c.updatedAt = clock.instant();
        c.updatedBy = actors.current();
    }

    /** A new claim's bookkeeping: its id, when and by whom. */
    Claim stamped(Claim c) {
        c.id = UUID.randomUUID();
        Instant now = clock.instant();
        c.created(actors.current(), now);
        return c;
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
