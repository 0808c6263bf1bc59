package org.frontdesk.reception.claims;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * 837P batch files the billing desk exports (to upload at a clearinghouse's portal): the claims
 * that passed their scrub (ready), to one payer or as chosen, taken in one transaction (each
 * moves to submitted, with a new submission number and its place in the batch), under envelope
 * numbers of their own. The file is written from the claims taken, streaming, under those
 * numbers, as often as asked (a download that broke off is simply asked again).
 */
@ApplicationScoped
class ClaimBatches {

    private static final int CHUNK = 500;

    @Inject EntityManager em;
    @Inject Claim837s x12;
    @Inject ClaimsConfig config;
    @Inject org.frontdesk.reception.shared.X12Config x12Config;
    @Inject PayerService payers;
    @Inject PatientService patients;
    @Inject Actors actors;
    @Inject Clock clock;

    /**
     * Takes the ready claims into a new batch: those named (all ready, and to {@code payerId} when
     * given), or every ready claim to {@code payerId}.
     */
    @Transactional
    public ClaimJson.Batch create(UUID payerId, List<UUID> claimIds) {
        if (payerId == null && (claimIds == null || claimIds.isEmpty())) {
            throw ProblemException.badRequest("/payerId", "name the payer, or the claims to send");
        }
        if (payerId != null) {
            payers.get(payerId);
        }
        int max = config.maxBatchClaims();
        if (claimIds != null && claimIds.size() > max) {
            throw ProblemException.badRequest("/claimIds", "at most " + max + " claims in one batch");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String actor = actors.current();
        Claim837Writer.Envelope env = x12.envelope("B" + id.toString().substring(0, 8), now);
        x12.billing(); // the billing provider must be configured before claims are taken
        // take the claims: ready ones only, in a stable order, each with its next submission
        @SuppressWarnings("unchecked")
        List<Object[]> taken = em.createNativeQuery("""
                        with chosen as (
                            select id from claim
                            where status = 'ready' and (cast(?1 as uuid) is null or payer_id = ?1)
                              and (cast(?2 as uuid[]) is null or id = any (?2))
                            order by date_of_service, control_number limit ?3 for update)
                        update claim c set status = 'submitted', submission = c.submission + 1,
                            status_reason = ?4, updated_at = ?5, updated_by = ?6, version = c.version + 1
                        from chosen where c.id = chosen.id
                        returning c.id, c.submission, c.total_charge, c.date_of_service, c.control_number, c.payer_id""")
                .setParameter(1, payerId).setParameter(2, claimIds == null ? null : claimIds.toArray(new UUID[0]))
                .setParameter(3, max).setParameter(4, "sent in 837P batch " + env.interchange())
                .setParameter(5, Timestamp.from(now)).setParameter(6, actor).getResultList();
        if (claimIds != null && taken.size() != claimIds.size()) {
            throw new ProblemException(Problem.of(409, "/problems/claims-not-ready", "Claims not ready",
                    (claimIds.size() - taken.size()) + " of the claims named are not ready (scrubbed) claims"
                            + (payerId == null ? "" : " to this payer") + "; only ready claims go in a batch."));
        }
        if (taken.isEmpty()) {
            throw new ProblemException(Problem.of(409, "/problems/no-ready-claims", "No ready claims",
                    "There are no ready (scrubbed) claims to put in a batch."));
        }
        taken.sort(java.util.Comparator.comparing((Object[] r) -> org.frontdesk.reception.shared.SqlValues.day(r[3]))
                .thenComparingLong(r -> ((Number) r[4]).longValue()));
        BigDecimal total = BigDecimal.ZERO;
        UUID[] ids = new UUID[taken.size()];
        int[] submissions = new int[taken.size()];
        for (int i = 0; i < taken.size(); i++) {
            ids[i] = (UUID) taken.get(i)[0];
            submissions[i] = ((Number) taken.get(i)[1]).intValue();
            total = total.add((BigDecimal) taken.get(i)[2]);
        }
        em.createNativeQuery("""
                        insert into x12_batch (id, sender_id, receiver_id, interchange_number, group_number, payer_id,
                            claim_count, total_charge, created_at, created_by) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)""")
                .setParameter(1, id).setParameter(2, env.senderId()).setParameter(3, env.receiverId())
                .setParameter(4, env.interchange()).setParameter(5, env.group()).setParameter(6, payerId)
                .setParameter(7, taken.size()).setParameter(8, total).setParameter(9, Timestamp.from(now))
                .setParameter(10, actor).executeUpdate();
        em.createNativeQuery("""
                        insert into x12_claim_sent (sender_id, group_number, transaction_number, claim_id, submission,
                            batch_id, position, sent_at)
                        select ?1, ?2, lpad(((t.n - 1) / ?3 + 1)::text, 4, '0'), t.id, t.submission, ?4, t.n, ?5
                        from unnest(?6, ?7) with ordinality as t(id, submission, n)""")
                .setParameter(1, env.senderId()).setParameter(2, env.group())
                .setParameter(3, Claim837Writer.CLAIMS_PER_TRANSACTION).setParameter(4, id).setParameter(5, Timestamp.from(now))
                .setParameter(6, ids).setParameter(7, submissions).executeUpdate();
        em.createNativeQuery("""
                        insert into claim_status_change (claim_id, from_status, to_status, reason, changed_at, changed_by)
                        select t.id, 'ready', 'submitted', ?2, ?3, ?4 from unnest(?1) as t(id)""")
                .setParameter(1, ids).setParameter(2, "sent in 837P batch " + env.interchange())
                .setParameter(3, Timestamp.from(now)).setParameter(4, actor).executeUpdate();
        return get(id);
    }

    public ClaimJson.Batch get(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select id, payer_id, sender_id, receiver_id, interchange_number, group_number, claim_count, total_charge,
                       created_at, created_by from x12_batch where id = ?1""").setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("Batch", id);
        }
        Object[] r = rows.get(0);
        return new ClaimJson.Batch((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3], ((Number) r[4]).longValue(),
                ((Number) r[5]).longValue(), ((Number) r[6]).intValue(), (BigDecimal) r[7], org.frontdesk.reception.shared.SqlValues.instant(r[8]), (String) r[9]);
    }

    /** Writes the batch's 837P to {@code out}, reading its claims a chunk at a time (each chunk in a transaction of its own). */
    public int write(UUID batchId, OutputStream out) {
        ClaimJson.Batch b = QuarkusTransaction.requiringNew().call(() -> get(batchId));
        org.frontdesk.reception.shared.X12Config c = x12Config;
        Claim837Writer.Envelope env = new Claim837Writer.Envelope(b.senderId(), b.receiverId(), config.billingName(),
                c.contactName(), c.contactPhone(), c.receiverName(), b.interchangeNumber(), b.groupNumber(), c.test(),
                LocalDateTime.ofInstant(b.createdAt(), ZoneOffset.UTC), "B" + b.id().toString().substring(0, 8));
        return Claim837Writer.write(out, env, new Iterator<>() {
            private int position;
            private Iterator<Claim837> chunk = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                if (!chunk.hasNext() && position < b.claimCount()) {
                    int from = position;
                    chunk = QuarkusTransaction.requiringNew().call(() -> load(batchId, from)).iterator();
                    position += CHUNK;
                }
                return chunk.hasNext();
            }

            @Override
            public Claim837 next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return chunk.next();
            }
        }, false);
    }

    /** The batch's claims after position {@code from}, as 837P claims (mapped while their session is open). */
    private List<Claim837> load(UUID batchId, int from) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("select claim_id from x12_claim_sent where batch_id = ?1 and position > ?2 "
                + "order by position limit ?3").setParameter(1, batchId).setParameter(2, from).setParameter(3, CHUNK)
                .getResultList();
        java.util.Map<UUID, Claim> byId = new java.util.HashMap<>();
        Claim.<Claim>list("id in ?1", ids).forEach(c -> byId.put(c.id, c));
        patients.byIds(byId.values().stream().map(c -> c.patientId).distinct().toList()); // one query, then cached
        List<Claim837> out = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            out.add(x12.of(byId.get(id)));
        }
        return out;
    }
}
