package org.frontdesk.reception.claims;

import org.frontdesk.reception.shared.X12Issue;
import org.frontdesk.reception.shared.X12Reader;
import org.frontdesk.reception.shared.X12Segment;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads 837P files into {@link Claim837}s, one claim at a time as its loop ends (the file is
 * never held): the billing provider, subscriber and patient levels it sits under, the claim, its
 * rendering provider, other payers and lines. What the reader can't place is left out; the
 * schema's validation issues come back with the claims.
 */
final class Claim837Reader implements X12Reader.Handler {

    private final Consumer<Claim837> sink;
    private String level;
    // billing provider (2000A/2010AA)
    private String billingName;
    private String billingNpi;
    private String billingTaxonomy;
    private String billingTaxId;
    private Claim837.Address billingAddress;
    // subscriber (2000B/2010BA, 2010BB)
    private String responsibility;
    private boolean self;
    private String group;
    private String filing;
    private String subscriberLast;
    private String subscriberFirst;
    private String memberId;
    private Claim837.Address subscriberAddress;
    private LocalDate subscriberBirth;
    private String subscriberSex;
    private Claim837.Payer payer;
    // patient (2000C/2010CA)
    private String relationship;
    private String patientLast;
    private String patientFirst;
    private Claim837.Address patientAddress;
    private LocalDate patientBirth;
    private String patientSex;
    // the claim being read
    private String entity; // NM101 of the current 2010/2310/2330 loop
    private String street1;
    private String street2;
    private Claim claim;

    /** The claim being read; turned into a record when its loop ends. */
    private static final class Claim {
        String control;
        BigDecimal total;
        String pos;
        String frequency;
        String payerClaimNumber;
        final List<String> diagnoses = new ArrayList<>();
        Claim837.Rendering rendering;
        final List<Other> others = new ArrayList<>();
        final List<Line> lines = new ArrayList<>();
    }

    private static final class Other {
        String responsibility;
        String filing;
        String group;
        String last;
        String first;
        String memberId;
        String payerName;
        String payerId;
        BigDecimal paid;
        BigDecimal remaining;
        final List<Claim837.Adjustment> adjustments = new ArrayList<>();
        String claimNumber;
        LocalDate adjudicated;
    }

    private static final class Line {
        String code;
        List<String> modifiers = List.of();
        BigDecimal charge;
        int units;
        List<Integer> pointers = List.of();
        LocalDate date;
        String control;
        final List<Adjudication> adjudications = new ArrayList<>();
    }

    private static final class Adjudication {
        String payerId;
        BigDecimal paid;
        String code;
        List<String> modifiers = List.of();
        int units;
        final List<Claim837.Adjustment> adjustments = new ArrayList<>();
        LocalDate date;
    }

    private Claim837Reader(Consumer<Claim837> sink) {
        this.sink = sink;
    }

    /** Reads every claim of the stream into {@code sink}; returns the file's issues (none when valid). */
    static List<X12Issue> read(InputStream in, Consumer<Claim837> sink) {
        return X12Reader.read(in, new Claim837Reader(sink));
    }

    @Override
    public void segment(X12Segment s) {
        String loop = s.loop();
        switch (s.tag()) {
            case "HL" -> {
                level = s.get(3);
                if ("22".equals(level)) {
                    relationship = null;
                    patientLast = patientFirst = null;
                    patientAddress = null;
                    patientBirth = null;
                    patientSex = null;
                    subscriberAddress = null;
                    subscriberBirth = null;
                    subscriberSex = null;
                    payer = null;
                } else if ("20".equals(level)) {
                    billingTaxonomy = null;
                    billingAddress = null;
                    billingTaxId = null;
                }
            }
            case "PRV" -> {
                if ("2000".equals(loop) && "20".equals(level)) {
                    billingTaxonomy = s.get(3);
                } else if (claim != null && "2310".equals(loop) && "82".equals(entity) && claim.rendering != null) {
                    Claim837.Rendering r = claim.rendering;
                    claim.rendering = new Claim837.Rendering(r.last(), r.first(), r.npi(), s.get(3));
                }
            }
            case "SBR" -> {
                if ("2320".equals(loop) && claim != null) {
                    Other o = new Other();
                    o.responsibility = s.get(1);
                    o.group = s.get(3);
                    o.filing = s.get(9);
                    claim.others.add(o);
                } else {
                    responsibility = s.get(1);
                    self = "18".equals(s.get(2));
                    group = s.get(3);
                    filing = s.get(9);
                }
            }
            case "PAT" -> relationship = s.get(1);
            case "NM1" -> name(s);
            case "N3" -> {
                street1 = s.get(1);
                street2 = s.get(2);
            }
            case "N4" -> place(new Claim837.Address(street1, street2, s.get(1), s.get(2), s.get(3)));
            case "REF" -> ref(s);
            case "DMG" -> {
                if ("IL".equals(entity)) {
                    subscriberBirth = s.date(2);
                    subscriberSex = s.get(3);
                } else if ("QC".equals(entity)) {
                    patientBirth = s.date(2);
                    patientSex = s.get(3);
                }
            }
            case "CLM" -> {
                claim = new Claim();
                claim.control = s.get(1);
                claim.total = s.money(2);
                claim.pos = s.get(5, 1);
                claim.frequency = s.get(5, 3);
            }
            case "HI" -> {
                if (claim != null) {
                    for (int e = 1; e <= s.elements().length; e++) {
                        String code = s.get(e, 2);
                        if (code != null) {
                            claim.diagnoses.add(code);
                        }
                    }
                }
            }
            case "CAS" -> {
                List<Claim837.Adjustment> into = adjustmentsHere(loop);
                if (into != null) {
                    for (int e = 2; e <= 17; e += 3) {
                        if (s.get(e) != null) {
                            into.add(new Claim837.Adjustment(s.get(1), s.get(e), s.money(e + 1)));
                        }
                    }
                }
            }
            case "AMT" -> {
                Other o = lastOther();
                if ("2320".equals(loop) && o != null) {
                    if ("D".equals(s.get(1))) {
                        o.paid = s.money(2);
                    } else if ("EAF".equals(s.get(1))) {
                        o.remaining = s.money(2);
                    }
                }
            }
            case "DTP" -> {
                if ("472".equals(s.get(1)) && "2400".equals(loop) && lastLine() != null) {
                    lastLine().date = rangeStart(s);
                } else if ("573".equals(s.get(1))) {
                    if ("2430".equals(loop) && lastAdjudication() != null) {
                        lastAdjudication().date = s.date(3);
                    } else if ("2330".equals(loop) && lastOther() != null) {
                        lastOther().adjudicated = s.date(3);
                    }
                }
            }
            case "LX" -> {
                if (claim != null) {
                    claim.lines.add(new Line());
                }
            }
            case "SV1" -> {
                Line l = lastLine();
                if (l != null) {
                    l.code = s.get(1, 2);
                    l.modifiers = modifiers(s, 1);
                    l.charge = s.money(2);
                    l.units = units(s, 4);
                    List<Integer> pointers = new ArrayList<>();
                    for (int c = 1; c <= s.components(7); c++) {
                        String p = s.get(7, c);
                        if (p != null) {
                            try {
                                pointers.add(Integer.parseInt(p));
                            } catch (NumberFormatException e) {
                                // reported by the schema (E1328 is numeric)
                            }
                        }
                    }
                    l.pointers = pointers;
                }
            }
            case "SVD" -> {
                Line l = lastLine();
                if (l != null) {
                    Adjudication a = new Adjudication();
                    a.payerId = s.get(1);
                    a.paid = s.money(2);
                    a.code = s.get(3, 2);
                    a.modifiers = modifiers(s, 3);
                    a.units = units(s, 5);
                    l.adjudications.add(a);
                }
            }
            default -> {
            }
        }
    }

    /** Claims are read from a broken file too, for what it holds (its issues come back beside them). */
    @Override
    public boolean readsPastIssues() {
        return true;
    }

    @Override
    public void endLoop(String code) {
        if ("2300".equals(code) && claim != null) {
            sink.accept(build());
            claim = null;
        }
    }

    private void name(X12Segment s) {
        entity = s.get(1);
        street1 = street2 = null;
        switch (entity) {
            case "85" -> {
                billingName = s.get(3);
                billingNpi = s.get(9);
            }
            case "IL" -> {
                if ("2330".equals(s.loop()) && lastOther() != null) {
                    lastOther().last = s.get(3);
                    lastOther().first = s.get(4);
                    lastOther().memberId = s.get(9);
                } else {
                    subscriberLast = s.get(3);
                    subscriberFirst = s.get(4);
                    memberId = s.get(9);
                }
            }
            case "PR" -> {
                if ("2330".equals(s.loop()) && lastOther() != null) {
                    lastOther().payerName = s.get(3);
                    lastOther().payerId = s.get(9);
                } else {
                    payer = new Claim837.Payer(s.get(3), s.get(9));
                }
            }
            case "QC" -> {
                patientLast = s.get(3);
                patientFirst = s.get(4);
            }
            case "82" -> {
                if (claim != null && "2310".equals(s.loop())) {
                    claim.rendering = new Claim837.Rendering(s.get(3), s.get(4), s.get(9), null);
                }
            }
            default -> {
            }
        }
    }

    private void place(Claim837.Address a) {
        switch (entity == null ? "" : entity) {
            case "85" -> billingAddress = a;
            case "IL" -> subscriberAddress = a;
            case "QC" -> patientAddress = a;
            default -> {
            }
        }
    }

    private void ref(X12Segment s) {
        String q = s.get(1);
        if ("EI".equals(q) && "85".equals(entity)) {
            billingTaxId = s.get(2);
        } else if ("F8".equals(q) && claim != null) {
            if ("2300".equals(s.loop())) {
                claim.payerClaimNumber = s.get(2);
            } else if ("2330".equals(s.loop()) && lastOther() != null) {
                lastOther().claimNumber = s.get(2);
            }
        } else if ("6R".equals(q) && "2400".equals(s.loop()) && lastLine() != null) {
            lastLine().control = s.get(2);
        }
    }

    private List<Claim837.Adjustment> adjustmentsHere(String loop) {
        if ("2320".equals(loop) && lastOther() != null) {
            return lastOther().adjustments;
        }
        if ("2430".equals(loop) && lastAdjudication() != null) {
            return lastAdjudication().adjustments;
        }
        return null;
    }

    private Other lastOther() {
        return claim == null || claim.others.isEmpty() ? null : claim.others.get(claim.others.size() - 1);
    }

    private Line lastLine() {
        return claim == null || claim.lines.isEmpty() ? null : claim.lines.get(claim.lines.size() - 1);
    }

    private Adjudication lastAdjudication() {
        Line l = lastLine();
        return l == null || l.adjudications.isEmpty() ? null : l.adjudications.get(l.adjudications.size() - 1);
    }

    private static List<String> modifiers(X12Segment s, int e) {
        List<String> m = new ArrayList<>();
        for (int c = 3; c <= 6; c++) {
            if (s.get(e, c) != null) {
                m.add(s.get(e, c));
            }
        }
        return m;
    }

    private static int units(X12Segment s, int e) {
        BigDecimal u = s.decimal(e);
        return u == null ? 0 : u.intValue();
    }

    /** A D8 date, or the first day of an RD8 range. */
    private static LocalDate rangeStart(X12Segment s) {
        String v = s.get(3);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v.length() > 8 ? v.substring(0, 8) : v, java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private Claim837 build() {
        Claim c = claim;
        Claim837.Provider billing = new Claim837.Provider(billingName, billingNpi, billingTaxonomy, billingTaxId,
                billingAddress);
        Claim837.Subscriber subscriber = new Claim837.Subscriber(responsibility, self, group, filing, subscriberLast,
                subscriberFirst, memberId, self ? subscriberAddress : null, self ? subscriberBirth : null,
                self ? subscriberSex : null);
        Claim837.Person patient = relationship == null ? null
                : new Claim837.Person(relationship, patientLast, patientFirst, patientAddress, patientBirth, patientSex);
        List<Claim837.OtherPayer> others = c.others.stream().map(o -> new Claim837.OtherPayer(o.responsibility,
                o.filing, o.group, o.last, o.first, o.memberId, o.payerName, o.payerId, o.paid, o.remaining,
                o.adjustments, o.claimNumber, o.adjudicated)).toList();
        List<Claim837.Line> lines = c.lines.stream().map(l -> new Claim837.Line(l.code, l.modifiers, l.charge, l.units,
                l.pointers, l.date, l.control, l.adjudications.stream().map(a -> new Claim837.LineAdjudication(a.payerId,
                        a.paid, a.code, a.modifiers, a.units, a.adjustments, a.date)).toList())).toList();
        return new Claim837(billing, subscriber, patient, payer, c.control, c.total, c.pos, c.frequency,
                c.payerClaimNumber, c.diagnoses, c.rendering, others, lines);
    }
}
