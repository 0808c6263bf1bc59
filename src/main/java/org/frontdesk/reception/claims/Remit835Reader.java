package org.frontdesk.reception.claims;

import org.frontdesk.reception.shared.X12Exception;
import org.frontdesk.reception.shared.X12Issue;
import org.frontdesk.reception.shared.X12Reader;
import org.frontdesk.reception.shared.X12Segment;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an 835 as a stream: each claim payment goes to the sink as soon as its loop ends, and
 * each payment (transaction set) at its SE, with its totals. Only one claim payment is held at a
 * time. A transaction set that isn't an 835 is an issue.
 */
final class Remit835Reader implements X12Reader.Handler {

    interface Sink {
        void claim(Remit835.Payment payment, Remit835.ClaimPayment claim);

        void end(Remit835.Payment payment);
    }

    private final Sink sink;
    private Remit835.Payment payment;
    private String n1;
    /** Where the reader is: header, party (N1), claim (after CLP), service (after SVC). */
    private String at = "header";
    private int position;
    // the claim payment being read
    private X12Segment clp;
    private List<Remit835.Adjustment> claimAdjustments;
    private List<Remit835.Service> services;
    private List<String> claimRemarks;
    // the service payment being read
    private X12Segment svc;
    private LocalDate serviceDate;
    private String lineControl;
    private List<Remit835.Adjustment> lineAdjustments;
    private List<String> lineRemarks;

    private Remit835Reader(Sink sink) {
        this.sink = sink;
    }

    /**
     * Reads the 835; {@code validate} false reads a file already validated (the second pass of a
     * posting) without StAEDI's schema checks, which cost ten times the reading.
     */
    static List<X12Issue> read(InputStream in, Sink sink, boolean validate) {
        return X12Reader.read(in, new Remit835Reader(sink), validate);
    }

    static List<X12Issue> read(InputStream in, Sink sink) {
        return read(in, sink, true);
    }

    @Override
    public void segment(X12Segment s) {
        switch (s.tag()) {
            case "ST" -> {
                if (!"835".equals(s.get(1))) {
                    throw new X12Exception(s, 1, "is " + s.get(1) + ": only 835 remittances are posted here");
                }
                payment = new Remit835.Payment();
                payment.transactionNumber = s.get(2);
                position = 0;
            }
            case "BPR" -> {
                payment.handling = s.get(1);
                payment.amount = s.money(2);
                payment.creditDebit = s.get(3);
                payment.method = s.get(4);
                payment.date = s.date(16);
            }
            case "TRN" -> payment.trace = s.get(2);
            case "N1" -> {
                at = "party";
                n1 = s.get(1);
                if ("PR".equals(n1)) {
                    payment.payerName = s.get(2);
                    if (s.get(4) != null) {
                        payment.payerIdentifier = s.get(4);
                    }
                }
            }
            case "REF" -> {
                if ("party".equals(at) && "PR".equals(n1) && "2U".equals(s.get(1)) && payment.payerIdentifier == null) {
                    payment.payerIdentifier = s.get(2);
                } else if ("service".equals(at) && "6R".equals(s.get(1))) {
                    lineControl = s.get(2);
                }
            }
            case "CLP" -> {
                endClaim();
                at = "claim";
                required(s, 1, 2, 3, 4);
                clp = s;
                claimAdjustments = new ArrayList<>();
                services = new ArrayList<>();
                claimRemarks = new ArrayList<>();
                money(s, 3, 4, 5);
            }
            case "MOA" -> {
                for (int e = 3; e <= 7; e++) {
                    if (s.get(e) != null) {
                        claimRemarks.add(remark(s, e));
                    }
                }
            }
            case "CAS" -> {
                List<Remit835.Adjustment> into = "service".equals(at) ? lineAdjustments
                        : "claim".equals(at) ? claimAdjustments : null;
                if (into != null) {
                    for (int e = 2; e <= 17; e += 3) {
                        if (s.get(e) != null) {
                            if (s.get(e + 1) == null) {
                                throw new X12Exception(s, e + 1, "is missing: CAS reason " + s.get(e) + " has no amount");
                            }
                            into.add(new Remit835.Adjustment(s.get(1), s.get(e), s.money(e + 1), s.decimal(e + 2)));
                        }
                    }
                }
            }
            case "SVC" -> {
                endService();
                at = "service";
                required(s, 2);
                if (s.get(1, 2) == null) {
                    throw new X12Exception(s, 1, "has no procedure code");
                }
                svc = s;
                serviceDate = null;
                lineControl = null;
                lineAdjustments = new ArrayList<>();
                lineRemarks = new ArrayList<>();
                money(s, 2, 3);
                if (s.get(3) == null) {
                    throw new X12Exception(s, 3, "is missing: a service payment says what was paid");
                }
            }
            case "DTM" -> {
                if ("service".equals(at) && ("472".equals(s.get(1)) || "150".equals(s.get(1)))) {
                    serviceDate = s.date(2);
                }
            }
            case "LQ" -> {
                if ("HE".equals(s.get(1)) && s.get(2) != null && lineRemarks.size() < 99) {
                    lineRemarks.add(remark(s, 2));
                }
            }
            case "LX" -> {
                endClaim();
                at = "header";
            }
            case "PLB" -> {
                endClaim();
                at = "header";
                for (int e = 3; e <= 13; e += 2) {
                    if (s.get(e) != null) {
                        BigDecimal amount = s.money(e + 1);
                        if (amount == null) {
                            throw new X12Exception(s, e + 1, "is missing: PLB reason " + s.get(e) + " has no amount");
                        }
                        payment.plb.add(new Remit835.ProviderAdjustment(s.get(1), s.date(2), s.get(e, 1), s.get(e, 2),
                                amount));
                        payment.providerAdjustments = payment.providerAdjustments.add(amount);
                    }
                }
            }
            case "SE" -> {
                endClaim();
                at = "header";
                sink.end(payment);
            }
            default -> {
            }
        }
    }

    /** The service payment being read ends (at the next SVC, or with its claim). */
    private void endService() {
        if (svc != null) {
            services.add(new Remit835.Service(svc.get(1, 2), modifiers(svc), svc.money(2), svc.money(3), svc.decimal(5),
                    serviceDate, lineControl, lineAdjustments, lineRemarks));
            svc = null;
        }
    }

    /** The claim payment being read ends (at the next CLP, LX, PLB or SE): it goes to the sink. */
    private void endClaim() {
        endService();
        if (clp != null) {
            Remit835.ClaimPayment c = new Remit835.ClaimPayment(++position, clp.get(1), clp.get(2), clp.money(3),
                    clp.money(4), clp.money(5), clp.get(7), claimAdjustments, services, claimRemarks);
            payment.claims++;
            payment.claimsPaid = payment.claimsPaid.add(c.paid());
            if (payment.claimsPaid.abs().compareTo(MAX_TOTAL) > 0) {
                throw new X12Exception(clp, 4, "makes the payment's claims total more than we keep (12 digits)");
            }
            List<String> unbalanced = c.unbalanced();
            payment.unbalancedCount += unbalanced.size();
            for (String u : unbalanced) {
                if (payment.unbalanced.size() < 20) {
                    payment.unbalanced.add(u);
                }
            }
            clp = null;
            sink.claim(payment, c);
        }
    }

    /** The largest total a payment's columns keep. */
    private static final BigDecimal MAX_TOTAL = new BigDecimal("999999999999.99");

    /** A remark code (RARC): at most 5 characters. */
    private static String remark(X12Segment s, int e) {
        String v = s.get(e);
        if (v.length() > 5) {
            throw new X12Exception(s, e, "is not a remark code (at most 5 characters): " + v.substring(0, 10));
        }
        return v;
    }

    private static void required(X12Segment s, int... elements) {
        for (int e : elements) {
            if (s.get(e) == null) {
                throw new X12Exception(s, e, "is missing");
            }
        }
    }

    /** Checks the amounts of a segment (at most 2 decimals) as it is read, so the error names the segment. */
    private static void money(X12Segment s, int... elements) {
        for (int e : elements) {
            s.money(e);
        }
    }

    private static List<String> modifiers(X12Segment s) {
        List<String> m = new ArrayList<>();
        for (int c = 3; c <= 6; c++) {
            if (s.get(1, c) != null) {
                m.add(s.get(1, c));
            }
        }
        return m;
    }
}
