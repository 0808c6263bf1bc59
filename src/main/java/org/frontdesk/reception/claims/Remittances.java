package org.frontdesk.reception.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.PgCopy;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.SqlValues;
import org.frontdesk.reception.shared.X12Issue;
import org.hibernate.Session;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Posts 835 remittances to claims. The file is read twice, never held: first to check it (X12
 * validity, at most 2 decimals, every claim and line balanced, BPR against its claims and provider
 * adjustments, every claim ours and this payer's), then to post it. A file that isn't a valid 835
 * posts nothing. Each payment in it (a transaction set: one check or EFT) is posted whole or not at
 * all: one already posted (same payer, same trace number) changes nothing; one that doesn't balance
 * or names claims that aren't ours is kept as held, with its reasons, and posts nothing.
 * Posting records each claim payment, its service payments and adjustments, and sets each claim's
 * paid amount and patient responsibility (the sums over its payments, so a reversal and its
 * correction net out) and status; the patient responsibility is what the desk then collects.
 */
@ApplicationScoped
class Remittances {

    private static final int CHUNK = 1000;

    @Inject EntityManager em;
    @Inject PayerService payers;
    @Inject Actors actors;
    @Inject Clock clock;

    /** A payment of the file and what became of it. */
    record Result(UUID id, String transactionNumber, String trace, String payer, BigDecimal amount, int claims,
                  String status, List<String> reasons, boolean alreadyPosted) {
    }

    /** What pass 1 learns of one transaction set. */
    private static final class Checked {
        Remit835.Payment payment;
        final Set<Long> controls = new HashSet<>();
        final List<String> foreign = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        UUID remittanceId;
        boolean post;
    }

    /** A claim of ours an 835 names: its id, payer and status. */
    private record Ours(UUID id, UUID payerId, ClaimStatus status) {
    }

    /**
     * Posts the 835 in {@code file} (with its SHA-256); returns what became of each payment.
     *
     * @throws ProblemException 422 with the file's issues when it is not a valid 835
     */
    @Transactional
    public List<Result> post(Path file, String sha256) {
        List<Checked> checked = check(file);
        Session session = em.unwrap(Session.class);
        List<Result> results = new ArrayList<>();
        byte[] content = gzip(file);
        Instant now = clock.instant();
        String actor = actors.current();
        // one poster at a time per payment (a second upload of the same file waits, then finds it
        // posted), the locks taken in one order so two files never wait on each other
        checked.stream().map(c -> "remittance " + c.payment.payerIdentifier + " " + c.payment.trace).sorted().distinct()
                .forEach(key -> em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))").setParameter(1, key)
                        .getSingleResult());
        for (Checked c : checked) {
            Remit835.Payment p = c.payment;
            Object[] posted = alreadyPosted(p);
            if (posted != null && ((BigDecimal) posted[1]).compareTo(p.amount) != 0) {
                c.reasons.add("trace number " + p.trace + " was already posted as a payment of " + posted[1]
                        + ", not " + p.amount + ": a payer reuses a trace number only to send the same payment");
            } else if (posted != null) {
                results.add(new Result((UUID) posted[0], p.transactionNumber, p.trace, p.payerIdentifier, signed(p),
                        p.claims, "posted", List.of(), true));
                continue;
            }
            Payer payer = payers.byCode(p.payerIdentifier).orElse(null);
            if (payer == null) {
                c.reasons.add("the payer " + p.payerIdentifier + " is not in the practice's payer directory");
            }
            Map<Long, Ours> ours = ours(c.controls);
            List<String> notOurs = new ArrayList<>();
            for (Long control : c.controls) {
                Ours o = ours.get(control);
                if (o == null) {
                    c.foreign.add(control.toString());
                } else if (payer != null && !o.payerId().equals(payer.id)) {
                    notOurs.add("claim " + control + " was not billed to " + payer.name);
                } else if (o.status() == ClaimStatus.DRAFT || o.status() == ClaimStatus.READY) {
                    notOurs.add("claim " + control + " was never submitted (it is " + o.status() + ")");
                }
            }
            c.reasons.addAll(notOurs.subList(0, Math.min(20, notOurs.size())));
            if (notOurs.size() > 20) {
                c.reasons.add("and " + (notOurs.size() - 20) + " more claims like these");
            }
            if (!c.foreign.isEmpty()) {
                c.reasons.add(0, "claim numbers that aren't ours: " + String.join(", ", c.foreign.subList(0,
                        Math.min(20, c.foreign.size()))) + (c.foreign.size() > 20 ? " and " + (c.foreign.size() - 20)
                        + " more" : ""));
            }
            if (c.payment.unbalancedCount > c.payment.unbalanced.size()) {
                c.reasons.add(0, "and " + (c.payment.unbalancedCount - c.payment.unbalanced.size())
                        + " more claims or lines that don't balance");
            }
            c.reasons.addAll(0, c.payment.unbalanced);
            String unbalanced = p.unbalanced();
            if (unbalanced != null) {
                c.reasons.add(0, unbalanced);
            }
            c.remittanceId = UUID.randomUUID();
            c.post = c.reasons.isEmpty();
            session.doWork(conn -> insertRemittance(conn, c, payer, sha256, content, now, actor));
            results.add(new Result(c.remittanceId, p.transactionNumber, p.trace, p.payerIdentifier, signed(p), p.claims,
                    c.post ? "posted" : "held", List.copyOf(c.reasons), false));
        }
        if (checked.stream().anyMatch(c -> c.post)) {
            session.doWork(conn -> postClaims(conn, file, checked, now, actor));
        }
        return results;
    }

    /** Pass 1: reads the whole file, gathering per payment its totals, claim numbers and balancing. */
    private List<Checked> check(Path file) {
        List<Checked> checked = new ArrayList<>();
        Checked[] current = {new Checked()};
        List<X12Issue> issues;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            issues = Remit835Reader.read(in, new Remit835Reader.Sink() {
                @Override
                public void claim(Remit835.Payment payment, Remit835.ClaimPayment claim) {
                    Long control = control(claim.control());
                    if (control == null) {
                        current[0].foreign.add(claim.control());
                    } else {
                        current[0].controls.add(control);
                    }
                }

                @Override
                public void end(Remit835.Payment payment) {
                    current[0].payment = payment;
                    checked.add(current[0]);
                    current[0] = new Checked();
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("the uploaded file could not be read back", e);
        }
        if (!issues.isEmpty()) {
            throw invalid(issues);
        }
        for (Checked c : checked) {
            Remit835.Payment p = c.payment;
            if (p.trace == null || p.payerIdentifier == null) {
                throw invalid(List.of(new X12Issue(0, p.trace == null ? "TRN" : "N1", 0, null, "MISSING",
                        p.trace == null ? "the payment has no trace number (TRN02)" : "the payer has no identifier (N104 or REF*2U)")));
            }
        }
        return checked;
    }

    /** Pass 2: reads the file again and posts the claim payments of the payments that passed. */
    private void postClaims(Connection conn, Path file, List<Checked> checked, Instant now, String actor)
            throws SQLException {
        Map<Long, Ours> ours = new HashMap<>();
        Set<Long> all = new HashSet<>();
        checked.stream().filter(c -> c.post).forEach(c -> all.addAll(c.controls));
        ours.putAll(ours(all));
        // the claims posted to, locked in one order: a concurrent posting to the same claim waits and
        // then sums over both files' payments, and two files never wait on each other
        try (PreparedStatement lock = conn.prepareStatement("select id from claim where id = any (?) order by id for update")) {
            List<UUID> ids = ours.values().stream().map(Ours::id).sorted().toList();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                lock.setArray(1, conn.createArrayOf("uuid", ids.subList(from, Math.min(ids.size(), from + CHUNK)).toArray()));
                lock.executeQuery().close();
            }
        }
        Map<UUID, ClaimStatus> outcome = new LinkedHashMap<>();
        Map<UUID, String> why = new HashMap<>();
        try (PgCopy claimPayment = new PgCopy(conn, "claim_payment", "id, remittance_id, position, claim_id, "
                + "status_code, charge, paid, patient_responsibility, payer_claim_number, remarks");
             PgCopy service = new PgCopy(conn, "service_payment", "claim_payment_id, position, code, modifiers, charge, "
                     + "paid, units, service_date, line_control, remarks");
             PgCopy adjustment = new PgCopy(conn, "payment_adjustment", "claim_payment_id, line, position, group_code, "
                     + "reason_code, amount, quantity");
             InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            int[] index = {0};
            int[] pending = {0};
            SQLException[] failed = {null};
            List<X12Issue> issues = Remit835Reader.read(in, new Remit835Reader.Sink() {
                @Override
                public void claim(Remit835.Payment payment, Remit835.ClaimPayment claim) {
                    Checked c = checked.get(index[0]);
                    if (!c.post || failed[0] != null) {
                        return;
                    }
                    try {
                        Ours o = ours.get(control(claim.control()));
                        UUID id = UUID.randomUUID();
                        claimPayment.row(id, c.remittanceId, claim.position(), o.id(), claim.status(), claim.charge(),
                                claim.paid(), claim.patientShare(), claim.payerClaimNumber(), claim.remarks());
                        adjustments(adjustment, id, 0, claim.adjustments());
                        int line = 0;
                        for (Remit835.Service s : claim.services()) {
                            line++;
                            service.row(id, line, s.code(), s.modifiers(), s.charge(), s.paid(), s.units(), s.date(),
                                    s.control(), s.remarks());
                            adjustments(adjustment, id, line, s.adjustments());
                        }
                        if (o.status() != ClaimStatus.VOID) {
                            outcome.put(o.id(), ClaimStatusPolicy.afterRemittance(claim));
                            why.put(o.id(), reason(payment, claim));
                        }
                        if (++pending[0] == 1000) { // claim payments first: the other rows reference them
                            claimPayment.flush();
                            service.flush();
                            adjustment.flush();
                            pending[0] = 0;
                        }
                    } catch (SQLException e) {
                        failed[0] = e;
                    }
                }

                @Override
                public void end(Remit835.Payment payment) {
                    index[0]++;
                }
            }, false);
            if (failed[0] != null) {
                throw failed[0];
            }
            if (!issues.isEmpty()) {
                throw new IllegalStateException("the file read differently the second time: " + issues.get(0).message());
            }
            claimPayment.flush(); // claim payments before the rows that reference them
            service.flush();
            adjustment.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the uploaded file could not be read back", e);
        }
        insertProviderAdjustments(conn, checked);
        updateClaims(conn, outcome, why, ours, now, actor);
    }

    /** Each claim's paid amount and patient responsibility are the sums over its payments; its status the last one's. */
    private void updateClaims(Connection conn, Map<UUID, ClaimStatus> outcome, Map<UUID, String> why,
                              Map<Long, Ours> ours, Instant now, String actor) throws SQLException {
        Map<UUID, ClaimStatus> before = new HashMap<>();
        ours.values().forEach(o -> before.put(o.id(), o.status()));
        List<UUID> ids = new ArrayList<>(outcome.keySet());
        try (PreparedStatement sums = conn.prepareStatement("""
                update claim c set paid_amount = t.paid, patient_responsibility = t.owed,
                    payer_claim_number = coalesce(t.icn, c.payer_claim_number),
                    version = c.version + 1, updated_at = ?, updated_by = ?
                from (select p.claim_id, sum(p.paid) as paid, sum(p.patient_responsibility) as owed,
                             (array_agg(p.payer_claim_number order by r.received_at desc, p.position desc)
                                 filter (where p.payer_claim_number is not null and p.status_code <> '22'))[1] as icn
                      from claim_payment p join remittance r on r.id = p.remittance_id
                      where p.claim_id = any (?) group by p.claim_id) t
                where c.id = t.claim_id""");
             PreparedStatement status = conn.prepareStatement("""
                     with t as (select * from unnest(?::uuid[], ?::varchar[], ?::varchar[]) as t(id, status, reason)),
                     changed as (
                         update claim c set status = t.status, status_reason = t.reason from t
                         where c.id = t.id and c.status <> 'void'
                         returning c.id, t.status, t.reason)
                     insert into claim_status_change (claim_id, from_status, to_status, reason, changed_at, changed_by)
                     select changed.id, b.status, changed.status, changed.reason, ?, ?
                     from changed join unnest(?::uuid[], ?::varchar[]) as b(id, status) on b.id = changed.id
                     where b.status <> changed.status""")) {
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                sums.setTimestamp(1, Timestamp.from(now));
                sums.setString(2, actor);
                sums.setArray(3, conn.createArrayOf("uuid", chunk.toArray()));
                sums.executeUpdate();
                status.setArray(1, conn.createArrayOf("uuid", chunk.toArray()));
                status.setArray(2, conn.createArrayOf("varchar", chunk.stream().map(id -> outcome.get(id).code()).toArray()));
                status.setArray(3, conn.createArrayOf("varchar", chunk.stream().map(why::get).toArray()));
                status.setTimestamp(4, Timestamp.from(now));
                status.setString(5, actor);
                status.setArray(6, conn.createArrayOf("uuid", chunk.toArray()));
                status.setArray(7, conn.createArrayOf("varchar", chunk.stream().map(id -> before.get(id).code()).toArray()));
                status.executeUpdate();
            }
        }
    }

    private static void adjustments(PgCopy copy, UUID claimPayment, int line, List<Remit835.Adjustment> list)
            throws SQLException {
        int n = 0;
        for (Remit835.Adjustment a : list) {
            copy.row(claimPayment, line, ++n, a.group(), a.reason(), a.amount(), a.quantity());
        }
    }

    private static void insertProviderAdjustments(Connection conn, List<Checked> checked) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("""
                insert into provider_adjustment (remittance_id, position, provider_id, fiscal_date, reason_code,
                    reference, amount) values (?, ?, ?, ?, ?, ?, ?)""")) {
            for (Checked c : checked) {
                if (!c.post) {
                    continue;
                }
                int n = 0;
                for (Remit835.ProviderAdjustment a : c.payment.plb) {
                    ps.setObject(1, c.remittanceId);
                    ps.setInt(2, ++n);
                    ps.setString(3, a.provider());
                    ps.setObject(4, a.fiscalDate());
                    ps.setString(5, a.reason());
                    ps.setString(6, a.reference());
                    ps.setBigDecimal(7, a.amount());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private void insertRemittance(Connection conn, Checked c, Payer payer, String sha256, byte[] content, Instant now,
                                  String actor) throws SQLException {
        Remit835.Payment p = c.payment;
        try (PreparedStatement ps = conn.prepareStatement("""
                insert into remittance (id, file_sha256, transaction_number, payer_identifier, payer_name, payer_id,
                    trace_number, handling_code, payment_amount, credit_debit, payment_method, payment_date, claim_count,
                    claims_paid, provider_adjustments, status, reasons, received_at, received_by, content)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, c.remittanceId);
            ps.setString(2, sha256);
            ps.setString(3, p.transactionNumber);
            ps.setString(4, p.payerIdentifier);
            ps.setString(5, p.payerName);
            ps.setObject(6, payer == null ? null : payer.id);
            ps.setString(7, p.trace);
            ps.setString(8, p.handling);
            ps.setBigDecimal(9, p.amount);
            ps.setString(10, p.creditDebit);
            ps.setString(11, p.method);
            ps.setObject(12, p.date);
            ps.setInt(13, p.claims);
            ps.setBigDecimal(14, p.claimsPaid);
            ps.setBigDecimal(15, p.providerAdjustments);
            ps.setString(16, c.post ? "posted" : "held");
            ps.setString(17, c.reasons.isEmpty() ? null : String.join("\n", c.reasons));
            ps.setTimestamp(18, Timestamp.from(now));
            ps.setString(19, actor);
            ps.setBytes(20, content);
            ps.executeUpdate();
        }
    }

    /** The posted payment with this payer and trace number: its id and amount; or null. */
    private Object[] alreadyPosted(Remit835.Payment p) {
        List<?> found = em.createNativeQuery("select id, payment_amount from remittance where payer_identifier = ?1 "
                + "and trace_number = ?2 and status = 'posted'").setParameter(1, p.payerIdentifier).setParameter(2, p.trace)
                .getResultList();
        return found.isEmpty() ? null : (Object[]) found.get(0);
    }

    /** Our claims among these control numbers. */
    private Map<Long, Ours> ours(Set<Long> controls) {
        Map<Long, Ours> found = new HashMap<>();
        List<Long> all = new ArrayList<>(controls);
        em.unwrap(Session.class).doWork(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "select control_number, id, payer_id, status from claim where control_number = any (?)")) {
                for (int from = 0; from < all.size(); from += CHUNK) {
                    ps.setArray(1, conn.createArrayOf("bigint", all.subList(from, Math.min(all.size(), from + CHUNK)).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getLong(1), new Ours(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                                    ClaimStatus.fromCode(rs.getString(4))));
                        }
                    }
                }
            }
        });
        return found;
    }

    /** Our claims' ids by control number, for these control numbers. */
    java.util.Map<Long, UUID> claimIds(Set<Long> controls) {
        Map<Long, UUID> ids = new HashMap<>();
        ours(controls).forEach((control, o) -> ids.put(control, o.id()));
        return ids;
    }

    /** The remittances received, newest first; held ones only when asked. */
    public PageResult<Remittance> search(String status, int offset, int count) {
        return status == null ? PageResult.of(Remittance.find("order by receivedAt desc, id"), offset, count)
                : PageResult.of(Remittance.find("status = ?1 order by receivedAt desc, id", status), offset, count);
    }

    public Remittance get(UUID id) {
        return ProblemException.orNotFound(Remittance.findById(id), "Remittance", id);
    }

    /** Our control number from an 835's CLP01: digits only, else it isn't one of ours. */
    static Long control(String clp01) {
        if (clp01 == null || clp01.isEmpty() || clp01.length() > 18 || !clp01.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(clp01);
    }

    private static String reason(Remit835.Payment p, Remit835.ClaimPayment c) {
        StringBuilder s = new StringBuilder("835 from ").append(p.payerIdentifier).append(" (trace ").append(p.trace)
                .append("): ").append(c.reversal() ? "payment reversed" : "paid " + c.paid() + ", patient owes "
                        + c.patientShare());
        List<String> codes = new ArrayList<>();
        c.adjustments().forEach(a -> codes.add(a.group() + "-" + a.reason() + " " + a.amount()));
        c.services().forEach(sv -> sv.adjustments().forEach(a -> codes.add(a.group() + "-" + a.reason() + " " + a.amount())));
        if (!codes.isEmpty()) {
            s.append("; ").append(String.join(", ", codes.subList(0, Math.min(12, codes.size()))));
        }
        return s.length() > 2000 ? s.substring(0, 2000) : s.toString();
    }

    private static BigDecimal signed(Remit835.Payment p) {
        return "D".equals(p.creditDebit) ? p.amount.negate() : p.amount;
    }

    private static ProblemException invalid(List<X12Issue> issues) {
        return X12Issue.refusal("835", issues);
    }

    private static byte[] gzip(Path file) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            Files.copy(file, out);
        } catch (IOException e) {
            throw new IllegalStateException("the uploaded file could not be read back", e);
        }
        return bytes.toByteArray();
    }

    /** A remittance's claim payments, with their service lines, adjustments and remarks, in file order. */
    @SuppressWarnings("unchecked")
    List<RemittanceResource.ClaimPaid> claimPayments(UUID remittanceId) {
        List<Object[]> rows = em.createNativeQuery("""
                select p.id, p.claim_id, c.control_number, p.status_code, p.charge, p.paid, p.patient_responsibility,
                       p.payer_claim_number, p.remarks
                from claim_payment p join claim c on c.id = p.claim_id
                where p.remittance_id = ?1 order by p.position""").setParameter(1, remittanceId).getResultList();
        Map<UUID, List<RemittanceResource.Adjustment>> adjustments = new LinkedHashMap<>();
        for (Object[] a : (List<Object[]>) em.createNativeQuery("""
                select a.claim_payment_id, a.line, a.group_code, a.reason_code, a.amount from payment_adjustment a
                join claim_payment p on p.id = a.claim_payment_id where p.remittance_id = ?1
                order by a.line, a.position""").setParameter(1, remittanceId).getResultList()) {
            adjustments.computeIfAbsent((UUID) a[0], k -> new ArrayList<>()).add(new RemittanceResource.Adjustment(((Number) a[1]).intValue(),
                    (String) a[2], (String) a[3], (BigDecimal) a[4]));
        }
        Map<UUID, List<RemittanceResource.ServicePaid>> services = new LinkedHashMap<>();
        for (Object[] s : (List<Object[]>) em.createNativeQuery("""
                select s.claim_payment_id, s.position, s.code, s.modifiers, s.charge, s.paid, s.service_date,
                       s.line_control, s.remarks
                from service_payment s join claim_payment p on p.id = s.claim_payment_id where p.remittance_id = ?1
                order by s.position""").setParameter(1, remittanceId).getResultList()) {
            services.computeIfAbsent((UUID) s[0], k -> new ArrayList<>()).add(new RemittanceResource.ServicePaid(((Number) s[1]).intValue(),
                    (String) s[2], strings(s[3]), (BigDecimal) s[4], (BigDecimal) s[5], SqlValues.day(s[6]), (String) s[7],
                    strings(s[8])));
        }
        return rows.stream().map(r -> new RemittanceResource.ClaimPaid((UUID) r[1], ((Number) r[2]).longValue(), (String) r[3],
                (BigDecimal) r[4], (BigDecimal) r[5], (BigDecimal) r[6], (String) r[7], strings(r[8]),
                services.getOrDefault((UUID) r[0], List.of()), adjustments.getOrDefault((UUID) r[0], List.of()))).toList();
    }

    @SuppressWarnings("unchecked")
    List<RemittanceResource.ProviderAdjustment> providerAdjustments(UUID remittanceId) {
        return ((List<Object[]>) em.createNativeQuery("""
                select provider_id, fiscal_date, reason_code, reference, amount from provider_adjustment
                where remittance_id = ?1 order by position""").setParameter(1, remittanceId).getResultList()).stream()
                .map(r -> new RemittanceResource.ProviderAdjustment((String) r[0], SqlValues.day(r[1]), (String) r[2], (String) r[3], (BigDecimal) r[4]))
                .toList();
    }

    private static List<String> strings(Object array) {
        if (array instanceof String[] a) {
            return List.of(a);
        }
        if (array instanceof Object[] a) {
            return java.util.Arrays.stream(a).map(String::valueOf).toList();
        }
        return List.of();
    }
}
