package org.frontdesk.reception.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.X12Issue;
import org.frontdesk.reception.shared.X12Reader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What comes back from payers and clearinghouses as X12, applied to our claims: a 999 accepts or
 * rejects the transaction sets we sent (and so their claims), a 277CA or 277 gives each claim's
 * status and the payer's claim number, an 835 is posted ({@link Remittances}). A file that isn't
 * valid X12 of these kinds is refused whole (422).
 */
@ApplicationScoped
class X12Inbound {

    @Inject Remittances remittances;
    @Inject InsurerAnswers answers;
    @Inject ClaimsConfig config;
    @Inject org.frontdesk.reception.shared.X12Config x12Config;
    @Inject EntityManager em;

    /** What a file did: its kind, the claims it answered, what it said of claims it could not place. */
    record Applied(String kind, int claims, List<String> notes, List<Remittances.Result> payments) {
    }

    @Transactional
    public Applied apply(Path file, String sha256) {
        String kind;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            kind = X12Reader.firstTransactionType(in);
        } catch (IOException e) {
            throw new IllegalStateException("the file could not be read back", e);
        }
        return switch (kind == null ? "" : kind) {
            case "835" -> new Applied("835", 0, List.of(), remittances.post(file, sha256));
            case "999" -> apply999(file);
            case "277" -> apply277(file);
            default -> throw new ProblemException(Problem.of(422, "/problems/invalid-x12", "Not an X12 file we take",
                    kind == null || kind.isEmpty() ? "The file is not readable X12 (no ISA or no ST)."
                            : "Transaction set " + kind + " is not one we take here: 999, 277CA/277 or 835."));
        };
    }

    private Applied apply999(Path file) {
        List<Acks.SetAck> acks = new ArrayList<>();
        refuseIfInvalid("999", read(file, in -> Acks.read999(in, acks)));
        List<String> notes = new ArrayList<>();
        int answered = 0;
        String us = x12Config.senderId();
        for (Acks.SetAck a : acks) {
            if (a.receiver() == null || !a.receiver().trim().equals(us)) {
                notes.add("a 999 for " + a.receiver() + ", not for us (" + us + "): left alone");
                continue;
            }
            List<UUID> sent = sentIn(us, a.group(), a.transaction());
            if (sent.isEmpty()) {
                notes.add("no claim of ours was sent in group " + a.group()
                        + (a.transaction() == null ? "" : " transaction set " + a.transaction()));
                continue;
            }
            String reasons = a.accepted()
                    ? "999: transaction set accepted" + (a.code().equals("E") ? " with errors: " + String.join("; ", a.errors()) : "")
                    : "999: transaction set rejected (" + a.code() + ")" + (a.errors().isEmpty() ? "" : ": "
                    + String.join("; ", a.errors()));
            for (UUID id : sent) {
                Claim c = em.find(Claim.class, id, LockModeType.PESSIMISTIC_WRITE);
                answers.x12Answer(c, a.accepted() ? "accepted" : "rejected",
                        a.accepted() ? ClaimStatus.SUBMITTED : ClaimStatus.REJECTED, null, reasons, a.text());
                answered++;
                settle();
            }
        }
        return new Applied("999", answered, notes, List.of());
    }

    private Applied apply277(Path file) {
        List<Acks.ClaimAck> acks = new ArrayList<>();
        refuseIfInvalid("277", read(file, in -> Acks.read277(in, acks)));
        return applyClaimAcks(acks);
    }

    /** Applies each claim's statuses from a 277CA or 277 to the claim it names (ours only). */
    Applied applyClaimAcks(List<Acks.ClaimAck> acks) {
        List<String> notes = new ArrayList<>();
        int answered = 0;
        // every claim named, looked up at once (a query per claim would flush the session each time)
        java.util.Set<Long> controls = new java.util.HashSet<>();
        acks.forEach(a -> {
            Long c = Remittances.control(a.control());
            if (c != null) {
                controls.add(c);
            }
        });
        java.util.Map<Long, UUID> ours = remittances.claimIds(controls);
        for (Acks.ClaimAck a : acks) {
            Long control = Remittances.control(a.control());
            UUID id = control == null ? null : ours.get(control);
            if (id == null) {
                notes.add("claim " + a.control() + " is not ours: left alone");
                continue;
            }
            Claim c = em.find(Claim.class, id, LockModeType.PESSIMISTIC_WRITE);
            ClaimStatus to = statusOf(a.statuses());
            String outcome = to == null ? "informational" : to.code();
            String reasons = "277: " + String.join("; ", a.statuses().stream().map(Acks.Status::describe).toList());
            answers.x12Answer(c, outcome, to, a.payerClaimNumber(), reasons.length() > 2000 ? reasons.substring(0, 2000)
                    : reasons, a.text());
            answered++;
            settle();
        }
        return new Applied("277", answered, notes, List.of());
    }

    /**
     * Writes one claim's answer and lets go of its entities: each answer ends in a native insert
     * (its change row), which would otherwise flush and dirty-check every claim answered before it.
     */
    private void settle() {
        em.flush();
        em.clear();
    }

    /** Where a claim stands after a 277's statuses: rejected if any says so; else by the first category. */
    static ClaimStatus statusOf(List<Acks.Status> statuses) {
        if (statuses.stream().anyMatch(Acks.Status::rejected)) {
            return ClaimStatus.REJECTED;
        }
        if (statuses.isEmpty() || statuses.get(0).category() == null) {
            return null;
        }
        String category = statuses.get(0).category();
        return switch (category) {
            case "A0", "A1", "A2", "A5", "F0", "F1", "F3" -> ClaimStatus.ACCEPTED;
            case "F2", "F4" -> ClaimStatus.DENIED;
            default -> category.startsWith("P") || category.startsWith("R") ? ClaimStatus.PENDED : null;
        };
    }

    /** Our claims (their current submission) sent in this group and, when named, this transaction set. */
    @SuppressWarnings("unchecked")
    private List<UUID> sentIn(String sender, long group, String transaction) {
        return em.createNativeQuery("""
                        select s.claim_id from x12_claim_sent s join claim c on c.id = s.claim_id and c.submission = s.submission
                        where s.sender_id = ?1 and s.group_number = ?2 and (cast(?3 as varchar) is null or s.transaction_number = ?3)
                        order by s.claim_id""")
                .setParameter(1, sender).setParameter(2, group).setParameter(3, transaction).getResultList();
    }

    private interface Read {
        List<X12Issue> from(InputStream in);
    }

    private static List<X12Issue> read(Path file, Read read) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read.from(in);
        } catch (IOException e) {
            throw new IllegalStateException("the file could not be read back", e);
        }
    }

    private static void refuseIfInvalid(String kind, List<X12Issue> issues) {
        if (!issues.isEmpty()) {
            throw X12Issue.refusal(kind, issues);
        }
    }
}
