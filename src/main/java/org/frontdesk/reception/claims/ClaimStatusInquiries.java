package org.frontdesk.reception.claims;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.coverage.InsurerGateway;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.shared.X12Config;
import org.frontdesk.reception.shared.X12ControlNumbers;
import org.frontdesk.reception.shared.X12Issue;
import org.frontdesk.reception.shared.X12Segment;
import org.frontdesk.reception.shared.X12Writer;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.frontdesk.reception.shared.X12Writer.text;

/**
 * Asks clearinghouse payers about claims that have gone quiet (276/277, 005010X212): a claim
 * submitted, accepted or pended with no answer for {@code reception.claims.status-inquiry.after}
 * is asked about, and the 277 applied like a 277CA (its status, the payer's claim number, the
 * reason). Each claim is asked at most once per period, whatever the answer, so a silent payer
 * isn't asked in a loop; several instances share the work (each claim is marked in the
 * transaction that picks it).
 */
@ApplicationScoped
class ClaimStatusInquiries {

    private static final Logger LOG = Logger.getLogger(ClaimStatusInquiries.class);
    static final String VERSION = "005010X212";

    @Inject EntityManager em;
    @Inject ClaimService claims;
    @Inject PayerService payers;
    @Inject InsurerGateway gateway;
    @Inject Claim837s x12;
    @Inject X12Inbound inbound;
    @Inject X12Config x12Config;
    @Inject X12ControlNumbers numbers;
    @Inject ClaimsConfig config;
    @Inject Clock clock;

    @Scheduled(every = "${reception.claims.status-inquiry.every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        inquire();
    }

    /** Asks about the quiet claims due now; returns how many were asked about. */
    public int inquire() {
        List<UUID> due = QuarkusTransaction.requiringNew().call(this::pick);
        int asked = 0;
        for (UUID id : due) {
            try {
                ask(id);
                asked++;
            } catch (RuntimeException e) {
                LOG.warnf("Claim status inquiry for claim %s failed: %s", id, e.getMessage());
            }
        }
        return asked;
    }

    /** The quiet claims of clearinghouse payers, each marked as asked now (so no other instance asks too). */
    @SuppressWarnings("unchecked")
    private List<UUID> pick() {
        Instant now = clock.instant();
        Instant before = now.minus(config.statusInquiry().after());
        return em.createNativeQuery("""
                        with due as (
                            select c.id from claim c join payer p on p.id = c.payer_id
                            where c.status in ('submitted', 'accepted', 'pended') and p.channel = 'x12-clearinghouse'
                              and p.active and coalesce(c.status_inquired_at, c.updated_at) < ?1
                            order by coalesce(c.status_inquired_at, c.updated_at) limit ?2 for update of c skip locked)
                        update claim c set status_inquired_at = ?3 from due where c.id = due.id returning c.id""")
                .setParameter(1, Timestamp.from(before)).setParameter(2, config.statusInquiry().batch())
                .setParameter(3, Timestamp.from(now)).getResultList();
    }

    private void ask(UUID claimId) {
        record Ask(Payer payer, String inquiry) {
        }
        Ask a = QuarkusTransaction.requiringNew().call(() -> {
            Claim c = claims.get(claimId);
            return new Ask(payers.get(c.payerId), inquiry(c));
        });
        InsurerGateway.Delivery d = gateway.claimStatus276(a.payer(), a.inquiry());
        if (!d.answered() || d.httpStatus() != 200 || d.body() == null) {
            LOG.infof("Claim status inquiry for claim %s not answered: %s", claimId,
                    d.failure() != null ? d.failure() : "HTTP " + d.httpStatus());
            return;
        }
        List<Acks.ClaimAck> acks = new ArrayList<>();
        List<X12Issue> issues = Acks.read277(new ByteArrayInputStream(d.body().getBytes(StandardCharsets.ISO_8859_1)), acks);
        if (!issues.isEmpty()) {
            LOG.infof("Claim status answer for claim %s is not a valid 277: %s", claimId, issues.get(0).message());
            return;
        }
        // only what it says of the claim asked about: an answer can't move other claims
        String asked = QuarkusTransaction.requiringNew().call(() -> Long.toString(claims.get(claimId).controlNumber));
        List<Acks.ClaimAck> about = acks.stream().filter(ack -> asked.equals(ack.control())).toList();
        QuarkusTransaction.requiringNew().run(() -> inbound.applyClaimAcks(about));
    }

    /** The 276 for one claim: the payer, us as receiver and provider, the subscriber (and patient), the claim. */
    String inquiry(Claim c) {
        Claim837 claim = x12.of(c);
        X12ControlNumbers.Numbers n = numbers.next(x12Config.senderId());
        LocalDateTime at = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (X12Writer w = new X12Writer(out)) {
            w.startInterchange(x12Config.senderId(), x12Config.receiverId(), n.interchange(), x12Config.test(), at);
            w.startGroup("HR", x12Config.senderId(), x12Config.receiverId(), n.group(), VERSION, at);
            w.startTransaction("276", 1, VERSION);
            w.segment("BHT", "0010", "13", claim.controlNumber(), X12Segment.d8(at.toLocalDate()),
                    at.format(DateTimeFormatter.ofPattern("HHmm")));
            w.segment("HL", "1", null, "20", "1");
            w.segment("NM1", "PR", "2", claim.payer().name(), null, null, null, null, "PI", claim.payer().id());
            w.segment("HL", "2", "1", "21", "1");
            w.segment("NM1", "41", "2", claim.billing().name(), null, null, null, null, "46", x12Config.senderId());
            w.segment("HL", "3", "2", "19", "1");
            w.segment("NM1", "1P", "2", claim.billing().name(), null, null, null, null, "XX", claim.billing().npi());
            Claim837.Subscriber s = claim.subscriber();
            w.segment("HL", "4", "3", "22", claim.patient() == null ? "0" : "1");
            if (s.birthDate() != null) {
                w.segment("DMG", "D8", X12Segment.d8(s.birthDate()), s.sex());
            }
            w.segment("NM1", "IL", "1", s.last(), s.first(), null, null, null, "MI", s.memberId());
            if (claim.patient() != null) {
                Claim837.Person p = claim.patient();
                w.segment("HL", "5", "4", "23");
                w.segment("DMG", "D8", X12Segment.d8(p.birthDate()), p.sex());
                w.segment("NM1", "QC", "1", p.last(), p.first());
            }
            w.segment("TRN", "1", claim.controlNumber());
            if (c.payerClaimNumber != null) {
                w.segment("REF", "1K", text(c.payerClaimNumber, 50));
            }
            w.segment("REF", "EJ", claim.controlNumber());
            w.segment("AMT", "T3", X12Segment.amount(claim.totalCharge()));
            String day = X12Segment.d8(c.dateOfService);
            w.segment("DTP", "472", "RD8", day + "-" + day);
            w.endTransaction();
            w.endGroup();
            w.endInterchange();
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
