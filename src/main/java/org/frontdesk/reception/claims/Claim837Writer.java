package org.frontdesk.reception.claims;

import org.frontdesk.reception.shared.X12Writer;

import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.frontdesk.reception.shared.X12Segment.amount;
import static org.frontdesk.reception.shared.X12Segment.d8;
import static org.frontdesk.reception.shared.X12Writer.text;

/**
 * Writes claims as one 837P (005010X222A1) interchange, streaming: each claim is written as it
 * comes from the iterator. A transaction set holds at most {@link #CLAIMS_PER_TRANSACTION} claims
 * of one billing provider (the guide's recommended limit), each under its own subscriber (and
 * patient) level.
 */
final class Claim837Writer {

    static final String VERSION = "005010X222A1";
    static final int CLAIMS_PER_TRANSACTION = 5000;

    /**
     * Who sends to whom, and the interchange's control numbers: {@code interchange} (ISA13) and
     * {@code group} (GS06), unique per sender; {@code batch} names the batch (BHT03).
     */
    record Envelope(String senderId, String receiverId, String submitterName, String contactName,
                    String contactPhone, String receiverName, long interchange, long group, boolean test,
                    LocalDateTime at, String batch) {
    }

    private Claim837Writer() {
    }

    /** Writes the claims, validating each transaction set as it is written; returns how many. */
    static int write(OutputStream out, Envelope env, Iterator<Claim837> claims) {
        return write(out, env, claims, true);
    }

    /**
     * Writes the claims; returns how many. {@code validate} false checks only the envelopes as
     * written (a bulk batch: the transaction schema check costs ten times the writing; what this
     * writer writes is read back through the validating reader by its tests).
     */
    static int write(OutputStream out, Envelope env, Iterator<Claim837> claims, boolean validate) {
        int count = 0;
        try (X12Writer x = new X12Writer(out, validate)) {
            x.startInterchange(env.senderId(), env.receiverId(), env.interchange(), env.test(), env.at());
            x.startGroup("HC", env.senderId(), env.receiverId(), env.group(), VERSION, env.at());
            int st = 0;
            int inTransaction = 0;
            int hl = 0;
            int billingHl = 0;
            Claim837.Provider billing = null;
            while (claims.hasNext()) {
                Claim837 c = claims.next();
                if (st == 0 || inTransaction == CLAIMS_PER_TRANSACTION || !c.billing().equals(billing)) {
                    if (st > 0) {
                        x.endTransaction();
                    }
                    st++;
                    inTransaction = 0;
                    billing = c.billing();
                    x.startTransaction("837", st, VERSION);
                    header(x, env, st);
                    hl = 1;
                    billingHl = 1;
                    billing(x, billing);
                }
                hl = claim(x, c, hl, billingHl);
                inTransaction++;
                count++;
            }
            if (st == 0) {
                throw new IllegalArgumentException("an 837 needs at least one claim");
            }
            x.endTransaction();
            x.endGroup();
            x.endInterchange();
        }
        return count;
    }

    private static void header(X12Writer x, Claim837Writer.Envelope env, int st) {
        x.segment("BHT", "0019", "00", text(env.batch(), 40) + "-" + st, d8(env.at().toLocalDate()),
                env.at().toLocalTime().format(java.time.format.DateTimeFormatter.ofPattern("HHmm")), "CH");
        x.segment("NM1", "41", "2", text(env.submitterName(), 60), null, null, null, null, "46", env.senderId());
        x.segment("PER", "IC", text(env.contactName(), 60), "TE", env.contactPhone());
        x.segment("NM1", "40", "2", text(env.receiverName(), 60), null, null, null, null, "46", env.receiverId());
    }

    private static void billing(X12Writer x, Claim837.Provider b) {
        x.segment("HL", "1", null, "20", "1");
        if (b.taxonomy() != null) {
            x.segment("PRV", "BI", "PXC", b.taxonomy());
        }
        x.segment("NM1", "85", "2", text(b.name(), 60), null, null, null, null, "XX", b.npi());
        address(x, b.address());
        x.segment("REF", "EI", b.taxId());
    }

    /** Writes the claim's subscriber (and patient) levels and the claim; returns the last HL number used. */
    private static int claim(X12Writer x, Claim837 c, int hl, int billingHl) {
        Claim837.Subscriber s = c.subscriber();
        int subscriberHl = hl + 1;
        x.segment("HL", Integer.toString(subscriberHl), Integer.toString(billingHl), "22", c.patient() == null ? "0" : "1");
        x.segment("SBR", s.responsibility(), s.self() ? "18" : null, text(s.groupNumber(), 50), null, null, null, null,
                null, s.filingCode());
        x.segment("NM1", "IL", "1", text(s.last(), 60), text(s.first(), 35), null, null, null, "MI", text(s.memberId(), 80));
        if (s.self()) {
            address(x, s.address());
            if (s.birthDate() != null) {
                x.segment("DMG", "D8", d8(s.birthDate()), s.sex());
            }
        }
        x.segment("NM1", "PR", "2", text(c.payer().name(), 60), null, null, null, null, "PI", text(c.payer().id(), 80));
        int last = subscriberHl;
        if (c.patient() != null) {
            Claim837.Person p = c.patient();
            last = subscriberHl + 1;
            x.segment("HL", Integer.toString(last), Integer.toString(subscriberHl), "23", "0");
            x.segment("PAT", p.relationship());
            x.segment("NM1", "QC", "1", text(p.last(), 60), text(p.first(), 35));
            address(x, p.address());
            if (p.birthDate() != null) {
                x.segment("DMG", "D8", d8(p.birthDate()), p.sex());
            }
        }
        x.segment("CLM", c.controlNumber(), amount(c.totalCharge()), null, null,
                new String[] {c.placeOfService(), "B", c.frequency()}, "Y", "A", "Y", "Y");
        if (c.payerClaimNumber() != null) {
            x.segment("REF", "F8", text(c.payerClaimNumber(), 50));
        }
        List<Object> hi = new ArrayList<>();
        hi.add(c.diagnoses().isEmpty() ? null : new String[] {"ABK", c.diagnoses().get(0)});
        for (int i = 1; i < c.diagnoses().size(); i++) {
            hi.add(new String[] {"ABF", c.diagnoses().get(i)});
        }
        x.segment("HI", hi.toArray());
        if (c.rendering() != null) {
            Claim837.Rendering r = c.rendering();
            x.segment("NM1", "82", "1", text(r.last(), 60), text(r.first(), 35), null, null, null, "XX", r.npi());
            if (r.taxonomy() != null) {
                x.segment("PRV", "PE", "PXC", r.taxonomy());
            }
        }
        for (Claim837.OtherPayer o : c.otherPayers()) {
            x.segment("SBR", o.responsibility(), null, text(o.groupNumber(), 50), null, null, null, null, null,
                    o.filingCode());
            adjustments(x, o.adjustments());
            x.segment("AMT", "D", amount(o.paid()));
            if (o.remainingPatientLiability() != null) {
                x.segment("AMT", "EAF", amount(o.remainingPatientLiability()));
            }
            x.segment("OI", null, null, "Y", "P", null, "Y");
            x.segment("NM1", "IL", "1", text(o.subscriberLast(), 60), text(o.subscriberFirst(), 35), null, null, null,
                    "MI", text(o.memberId(), 80));
            x.segment("NM1", "PR", "2", text(o.payerName(), 60), null, null, null, null, "PI", text(o.payerId(), 80));
            if (o.adjudicated() != null) {
                x.segment("DTP", "573", "D8", d8(o.adjudicated()));
            }
            if (o.payerClaimNumber() != null) {
                x.segment("REF", "F8", text(o.payerClaimNumber(), 50));
            }
        }
        int n = 0;
        for (Claim837.Line l : c.lines()) {
            x.segment("LX", Integer.toString(++n));
            x.segment("SV1", procedure(l.code(), l.modifiers()), amount(l.charge()), "UN", Integer.toString(l.units()),
                    null, null, l.pointers().stream().map(String::valueOf).toArray(String[]::new));
            x.segment("DTP", "472", "D8", d8(l.date()));
            if (l.control() != null) {
                x.segment("REF", "6R", l.control());
            }
            for (Claim837.LineAdjudication a : l.adjudications()) {
                x.segment("SVD", a.payerId(), amount(a.paid()), procedure(a.code(), a.modifiers()), null,
                        Integer.toString(a.units()));
                adjustments(x, a.adjustments());
                x.segment("DTP", "573", "D8", d8(a.adjudicated()));
            }
        }
        return last;
    }

    private static String[] procedure(String code, List<String> modifiers) {
        String[] p = new String[2 + modifiers.size()];
        p[0] = "HC";
        p[1] = code;
        for (int i = 0; i < modifiers.size(); i++) {
            p[2 + i] = modifiers.get(i);
        }
        return p;
    }

    /** CAS segments: one per group code, up to 6 reason/amount pairs each. */
    private static void adjustments(X12Writer x, List<Claim837.Adjustment> adjustments) {
        Map<String, List<Claim837.Adjustment>> byGroup = new LinkedHashMap<>();
        adjustments.forEach(a -> byGroup.computeIfAbsent(a.group(), g -> new ArrayList<>()).add(a));
        byGroup.forEach((group, list) -> {
            for (int from = 0; from < list.size(); from += 6) {
                List<Object> values = new ArrayList<>();
                values.add(group);
                for (Claim837.Adjustment a : list.subList(from, Math.min(list.size(), from + 6))) {
                    if (values.size() > 1) {
                        values.add(null); // the quantity of the previous triple
                    }
                    values.add(a.reason());
                    values.add(amount(a.amount()));
                }
                x.segment("CAS", values.toArray());
            }
        });
    }

    private static void address(X12Writer x, Claim837.Address a) {
        if (a == null) {
            return;
        }
        x.segment("N3", text(a.line1(), 55), text(a.line2(), 55));
        x.segment("N4", text(a.city(), 30), a.state(), a.zip());
    }
}
