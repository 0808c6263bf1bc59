package org.frontdesk.reception.claims;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coding.ClaimScrubber;
import org.frontdesk.reception.coding.CodeValidator;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.LeasedRow;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * A claim from scrub to the payer: the payer edits, submission (the claim's move to queued and
 * its outbox row in one transaction, so an accepted submission is never lost), resubmission of
 * one that needs attention under the same key, and corrections of a claim the payer has: a void
 * (frequency 8) or a replacement (frequency 7) referencing the payer's claim number.
 */
@ApplicationScoped
class ClaimSubmissions {

    @Inject ClaimService claims;
    @Inject PatientService patients;
    @Inject CoverageService coverages;
    @Inject PayerService payers;
    @Inject ClaimScrubber scrubber;
    @Inject ClaimFhirMapper fhir;
    @Inject ClaimsConfig config;
    @Inject Clock clock;
    @Inject Claim837s x12;
    @Inject ClaimAdjudications adjudications;

    /** The payer channel that takes X12 through a clearinghouse. */
    static final String X12_CHANNEL = "x12-clearinghouse";

    /** Runs the payer edits; a clean draft becomes ready, a ready claim with errors goes back to draft. */
    @Transactional
    public ClaimScrubber.Outcome scrub(UUID id) {
        Claim c = claims.get(id);
        ClaimScrubber.Outcome outcome = scrubOf(c);
        if (outcome.clean() && c.status == ClaimStatus.DRAFT) {
            claims.move(c, ClaimStatus.READY, "scrub passed");
        } else if (!outcome.clean() && c.status == ClaimStatus.READY) {
            claims.move(c, ClaimStatus.DRAFT, "scrub found errors");
        }
        return outcome;
    }

    /**
     * Queues a draft, a ready claim, or one that needs attention for its payer, after its scrub:
     * the new submission's payload and idempotency key go into the outbox in the same transaction
     * as the status.
     */
    @Transactional
    public Claim submit(UUID id, String ifMatch) {
        Claim c = claims.get(id);
        ETags.check(ifMatch, c.version, false);
        if (!ClaimStatusPolicy.SUBMITTABLE.contains(c.status)) {
            throw new ProblemException(Problem.of(409, "/problems/claim-not-ready", "Claim not ready",
                    "Only a draft, a claim that passed its scrub (ready) or one that needs attention can be submitted; "
                            + "this one is " + c.status + "."));
        }
        ClaimScrubber.Outcome outcome = scrubOf(c);
        if (!outcome.clean()) {
            throw scrubFailed(outcome);
        }
        if (c.status == ClaimStatus.DRAFT) {
            claims.move(c, ClaimStatus.READY, "scrub passed");
        }
        if (c.status == ClaimStatus.NEEDS_ATTENTION) {
            // unchanged since it failed (an edit would have made it a draft): the same submission
            // goes again under the same key, so an insurer that did get it sees no duplicate
            ClaimOutbox failed = ClaimOutbox.<ClaimOutbox>find("claimId = ?1 and submission = ?2", c.id, c.submission)
                    .firstResult();
            if (failed != null && ClaimOutbox.FAILED.equals(failed.state)) {
                failed.state = LeasedRow.PENDING;
                failed.attempts = 0;
                failed.nextAttemptAt = clock.instant();
                failed.claimedUntil = null;
                failed.leaseToken = null;
                claims.move(c, ClaimStatus.QUEUED, "resubmitted by the billing desk");
                return c;
            }
        }
        queue(c, "submitted by the billing desk");
        return c;
    }

    /**
     * Voids a claim: one never sent is simply void; one the payer has gets a void claim
     * (frequency 8) referencing the payer's claim number, queued at once.
     */
    @Transactional
    public Claim voidClaim(UUID id) {
        Claim c = claims.locked(id);
        correctionAllowed(c, "8");
        if (c.payerClaimNumber == null) {
            if (!ClaimStatusPolicy.allowed(c.status, ClaimStatus.VOID)) {
                throw new ProblemException(Problem.of(409, "/problems/claim-in-flight", "Claim in flight",
                        "This claim is on its way to the payer and has no payer claim number yet; wait for the answer."));
            }
            claims.move(c, ClaimStatus.VOID, "voided before submission");
            return c;
        }
        Claim v = correction(c, "8", ClaimStatus.READY, "void of claim ");
        queue(v, "void sent to the payer");
        return v;
    }

    /** Starts a replacement (frequency 7) of a claim the payer has: a draft copy to correct and submit. */
    @Transactional
    public Claim replace(UUID id) {
        Claim c = claims.locked(id);
        correctionAllowed(c, "7");
        if (c.payerClaimNumber == null) {
            throw new ProblemException(Problem.of(409, "/problems/no-payer-claim-number", "Nothing to replace",
                    "The payer has not numbered this claim; edit and resubmit it instead."));
        }
        return correction(c, "7", ClaimStatus.DRAFT, "replacement of claim ");
    }

    /** A void or replacement is made once per claim, and never of a void or of a void claim. */
    private static void correctionAllowed(Claim c, String frequency) {
        if (c.status == ClaimStatus.VOID || "8".equals(c.frequency)) {
            throw new ProblemException(Problem.of(409, "/problems/claim-void", "Claim is void",
                    "This claim is void or is itself a void; there is nothing to correct."));
        }
        if (Claim.count("originalClaimId = ?1 and frequency = ?2 and status <> ?3", c.id, frequency, ClaimStatus.VOID) > 0) {
            throw new ProblemException(Problem.of(409, "/problems/correction-exists", "Correction exists",
                    "This claim already has a " + ("8".equals(frequency) ? "void" : "replacement") + " under way."));
        }
    }

    /** A void (8) or replacement (7) of a claim the payer numbered: a copy with its codes, in its first status. */
    private Claim correction(Claim c, String frequency, ClaimStatus status, String what) {
        Claim n = claims.stamped(new Claim());
        n.appointmentId = c.appointmentId;
        n.patientId = c.patientId;
        n.coverageId = c.coverageId;
        n.payerId = c.payerId;
        n.renderingPractitionerId = c.renderingPractitionerId;
        n.billingNpi = c.billingNpi;
        n.billingTaxonomy = c.billingTaxonomy;
        n.placeOfService = c.placeOfService;
        n.dateOfService = c.dateOfService;
        n.frequency = frequency;
        n.originalClaimId = c.id;
        n.totalCharge = c.totalCharge;
        n.diagnoses.addAll(c.diagnoses);
        c.lines.forEach(l -> n.lines.add(l.copy()));
        n.status = status;
        n.persist();
        claims.record(n, null, status, what + c.payerClaimNumber);
        return n;
    }

    /** A new submission of the claim: its FHIR payload and idempotency key in the outbox, the claim queued. */
    private void queue(Claim c, String reason) {
        c.submission++;
        String key = c.id + "-" + c.submission;
        ClaimOutbox o = new ClaimOutbox();
        o.id = UUID.randomUUID();
        o.claimId = c.id;
        o.submission = c.submission;
        o.idempotencyKey = key;
        org.frontdesk.reception.coverage.Payer payer = payers.get(c.payerId);
        o.payload = X12_CHANNEL.equals(payer.channel) ? x12.single(c)
                : fhir.toJson(c, patients.get(c.patientId), coverages.get(c.coverageId), payer,
                claims.rendering(c), config.billingName(), key, claims.originalPayerClaimNumber(c),
                c.priorClaimId == null ? null : adjudications.of(c.priorClaimId));
        o.state = LeasedRow.PENDING;
        o.nextAttemptAt = clock.instant();
        o.createdAt = clock.instant();
        o.persist();
        claims.move(c, ClaimStatus.QUEUED, reason);
    }

    private ClaimScrubber.Outcome scrubOf(Claim c) {
        Patient p = patients.get(c.patientId);
        return scrubber.scrub(new ClaimScrubber.Draft(c.dateOfService, new CodeValidator.Patient(p.birthDate, null, p.gender),
                List.copyOf(c.diagnoses), c.lines.stream().map(l -> new ClaimScrubber.Line(l.code, l.modifiers, l.units,
                        l.pointers, l.serviceDate)).toList()));
    }

    private static ProblemException scrubFailed(ClaimScrubber.Outcome outcome) {
        List<FieldError> errors = outcome.findings().stream().filter(f -> f.severity().equals("error"))
                .map(f -> new FieldError("/codes", f.message())).toList();
        return new ProblemException(Problem.of(422, "/problems/claim-scrub-failed", "The claim does not pass its edits",
                errors.get(0).detail()).withErrors(errors));
    }
}
