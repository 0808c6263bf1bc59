package org.frontdesk.reception.coverage;

import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientName;
import org.frontdesk.reception.shared.X12ControlNumbers;
import org.frontdesk.reception.shared.X12Issue;
import org.frontdesk.reception.shared.X12Reader;
import org.frontdesk.reception.shared.X12Segment;
import org.frontdesk.reception.shared.X12Writer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.frontdesk.reception.shared.X12Writer.text;

/**
 * Eligibility through a clearinghouse, in X12 005010X279A1: the 270 we send for a check, and the
 * 271 read into the same normalized answer the FHIR path gives (active or inactive, plan dates,
 * copay, deductible and what remains of it, coinsurance), or unknown with the payer's reasons.
 */
final class Eligibility271 {

    static final String VERSION = "005010X279A1";
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");

    /** AAA03 reject reasons (X12 code list 901), as the desk reads them. */
    private static final Map<String, String> REJECTIONS = Map.ofEntries(
            Map.entry("15", "required application data missing"), Map.entry("41", "authorization/access restrictions"),
            Map.entry("42", "unable to respond at current time"), Map.entry("43", "invalid/missing provider identification"),
            Map.entry("45", "invalid/missing provider specialty"), Map.entry("47", "invalid/missing provider state"),
            Map.entry("48", "invalid/missing referring provider identification number"),
            Map.entry("49", "provider is not primary care physician"), Map.entry("51", "provider not on file"),
            Map.entry("52", "service dates not within provider plan enrollment"),
            Map.entry("56", "inappropriate date"), Map.entry("57", "invalid/missing date(s) of service"),
            Map.entry("58", "invalid/missing date of birth"), Map.entry("60", "date of birth follows date(s) of service"),
            Map.entry("62", "date of death precedes date(s) of service"), Map.entry("63", "date of service not within allowable inquiry period"),
            Map.entry("64", "invalid/missing patient ID"), Map.entry("65", "invalid/missing patient name"),
            Map.entry("66", "invalid/missing patient gender code"), Map.entry("67", "patient not found"),
            Map.entry("68", "duplicate patient ID number"), Map.entry("71", "patient birth date does not match that for the patient on the database"),
            Map.entry("72", "invalid/missing subscriber/insured ID"), Map.entry("73", "invalid/missing subscriber/insured name"),
            Map.entry("74", "invalid/missing subscriber/insured gender code"), Map.entry("75", "subscriber/insured not found"),
            Map.entry("76", "duplicate subscriber/insured ID number"), Map.entry("78", "subscriber/insured not in group/plan identified"),
            Map.entry("79", "invalid participant identification"), Map.entry("80", "no response received - transaction terminated"));

    private Eligibility271() {
    }

    /** What to say in a 270: the check, who is asked about, and who asks. */
    record Inquiry(String trace, LocalDate serviceDate, String benefitCategory, Payer payer, Coverage coverage,
                   Patient patient, String providerName, String providerNpi) {
    }

    /** The 270 for one check, under fresh control numbers of our sender id. */
    static String inquiry(Inquiry q, org.frontdesk.reception.shared.X12Config x12, X12ControlNumbers.Numbers n,
                          LocalDateTime at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (X12Writer w = new X12Writer(out)) {
            w.startInterchange(x12.senderId(), x12.receiverId(), n.interchange(), x12.test(), at);
            w.startGroup("HS", x12.senderId(), x12.receiverId(), n.group(), VERSION, at);
            w.startTransaction("270", 1, VERSION);
            w.segment("BHT", "0022", "13", q.trace(), org.frontdesk.reception.shared.X12Segment.d8(at.toLocalDate()),
                    at.format(HHMM));
            w.segment("HL", "1", null, "20", "1");
            w.segment("NM1", "PR", "2", text(q.payer().name, 60), null, null, null, null, "PI", text(q.payer().payerCode, 80));
            w.segment("HL", "2", "1", "21", "1");
            w.segment("NM1", "1P", "2", text(q.providerName(), 60), null, null, null, null, "XX", q.providerNpi());
            Coverage c = q.coverage();
            boolean self = c.relationship == null || "self".equals(c.relationship);
            PatientName name = q.patient().primaryName();
            String memberId = text(!self && c.subscriberMemberId != null ? c.subscriberMemberId : c.memberId, 80);
            w.segment("HL", "3", "2", "22", self ? "0" : "1");
            w.segment("TRN", "1", q.trace(), ("9" + (x12.senderId() + "000000000")).substring(0, 10));
            if (self) {
                w.segment("NM1", "IL", "1", text(name == null ? null : name.family, 60),
                        text(name == null || name.given.isEmpty() ? null : name.given.get(0), 35), null, null, null,
                        "MI", memberId);
                if (q.patient().birthDate != null) {
                    w.segment("DMG", "D8", X12Segment.d8(q.patient().birthDate));
                }
                w.segment("DTP", "291", "D8", X12Segment.d8(q.serviceDate()));
                w.segment("EQ", q.benefitCategory());
            } else {
                w.segment("NM1", "IL", "1", text(c.subscriberFamily, 60), text(c.subscriberGiven, 35), null, null, null,
                        "MI", memberId);
                if (c.subscriberBirthDate != null) {
                    w.segment("DMG", "D8", X12Segment.d8(c.subscriberBirthDate));
                }
                w.segment("HL", "4", "3", "23", "0");
                w.segment("TRN", "1", q.trace(), ("9" + (x12.senderId() + "000000000")).substring(0, 10));
                w.segment("NM1", "03", "1", text(name == null ? null : name.family, 60),
                        text(name == null || name.given.isEmpty() ? null : name.given.get(0), 35));
                if (q.patient().birthDate != null) {
                    w.segment("DMG", "D8", X12Segment.d8(q.patient().birthDate));
                }
                w.segment("DTP", "291", "D8", X12Segment.d8(q.serviceDate()));
                w.segment("EQ", q.benefitCategory());
            }
            w.endTransaction();
            w.endGroup();
            w.endInterchange();
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a 271 for the check traced {@code trace} (its TRN02 must echo ours), for the benefit
     * category asked about: the answer, or unknown with why.
     *
     * @throws IllegalArgumentException when the answer is not a valid 271, or answers another inquiry
     */
    static EligibilityFhirMapper.Reading read(String body, String trace, String category) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the answer was empty");
        }
        Gathered g = new Gathered(category);
        List<X12Issue> issues = X12Reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), g);
        if (!issues.isEmpty()) {
            throw new IllegalArgumentException("the 271 is not valid X12: " + issues.get(0).message());
        }
        if (!g.is271) {
            throw new IllegalArgumentException("the answer is not a 271");
        }
        if (g.trace == null) {
            throw new IllegalArgumentException("the 271 does not name the inquiry it answers (no TRN)");
        }
        if (!g.trace.equals(trace)) {
            throw new IllegalArgumentException("the 271 answers another inquiry (trace " + g.trace + ")");
        }
        if (!g.rejections.isEmpty()) {
            return new EligibilityFhirMapper.Reading("unknown", "the payer could not answer: "
                    + String.join("; ", g.rejections), null, null, null, null, null, null, g.rejections);
        }
        if (g.status == null) {
            return new EligibilityFhirMapper.Reading("unknown", "the 271 does not say whether the coverage is active",
                    null, null, null, null, null, null, List.of());
        }
        return new EligibilityFhirMapper.Reading(g.status, null, g.planStart, g.planEnd, g.copay, g.deductible,
                g.remaining, g.coinsurance, List.of());
    }

    /** What a 271 says, gathered as it is read. */
    private static final class Gathered implements X12Reader.Handler {
        final String category;
        boolean is271;
        String trace;
        String status;
        LocalDate planStart;
        LocalDate planEnd;
        BigDecimal copay;
        BigDecimal deductible;
        BigDecimal remaining;
        BigDecimal coinsurance;
        final List<String> rejections = new ArrayList<>();
        String eb01;
        String level;

        Gathered(String category) {
            this.category = category;
        }

        @Override
        public void segment(X12Segment s) {
            switch (s.tag()) {
                case "ST" -> is271 = "271".equals(s.get(1));
                case "HL" -> level = s.get(3);
                case "TRN" -> {
                    if ("2".equals(s.get(1)) && ("22".equals(level) || "23".equals(level))) {
                        trace = s.get(2);
                    }
                }
                case "AAA" -> {
                    if ("N".equals(s.get(1))) {
                        String code = s.get(3);
                        rejections.add("AAA " + code + " " + REJECTIONS.getOrDefault(code, "rejected")
                                + (s.get(4) == null ? "" : " (follow-up " + s.get(4) + ")"));
                    }
                }
                case "DTP" -> {
                    if ("2100".equals(s.loop())) {
                        dates(s);
                    }
                }
                case "EB" -> benefit(s);
                default -> {
                }
            }
        }

        private void dates(X12Segment s) {
            String q = s.get(1);
            LocalDate[] range = range(s);
            switch (q == null ? "" : q) {
                case "346" -> planStart = range[0];
                case "347" -> planEnd = range[0];
                case "291", "292", "307" -> {
                    if (planStart == null) {
                        planStart = range[0];
                    }
                    if (planEnd == null && range[1] != null) {
                        planEnd = range[1];
                    }
                }
                default -> {
                }
            }
        }

        private static LocalDate[] range(X12Segment s) {
            String v = s.get(3);
            try {
                if ("RD8".equals(s.get(2)) && v != null && v.length() == 17) {
                    return new LocalDate[] {LocalDate.parse(v.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE),
                            LocalDate.parse(v.substring(9), DateTimeFormatter.BASIC_ISO_DATE)};
                }
                return new LocalDate[] {s.date(3), null};
            } catch (RuntimeException e) {
                return new LocalDate[] {null, null};
            }
        }

        /** EB: coverage (1–5 active, 6–8 inactive), copay (B), deductible (C), coinsurance (A), for our category or the plan's. */
        private void benefit(X12Segment s) {
            eb01 = s.get(1);
            String service = s.get(3);
            boolean ours = service == null || service.equals(category) || service.equals("30");
            boolean outOfNetwork = "N".equals(s.get(12));
            boolean individual = s.get(2) == null || "IND".equals(s.get(2));
            switch (eb01) {
                case "1", "2", "3", "4", "5" -> status = status == null || "inactive".equals(status) ? "active" : status;
                case "6", "7", "8" -> status = status == null ? "inactive" : status;
                case "B" -> {
                    if (ours && !outOfNetwork && s.get(7) != null && (copay == null || category.equals(service))) {
                        copay = s.money(7);
                    }
                }
                case "C" -> {
                    if (ours && !outOfNetwork && individual && s.get(7) != null) {
                        if ("29".equals(s.get(6))) {
                            remaining = remaining == null ? s.money(7) : remaining;
                        } else if (deductible == null) {
                            deductible = s.money(7);
                        }
                    }
                }
                case "A" -> {
                    if (ours && !outOfNetwork && s.get(8) != null && coinsurance == null) {
                        BigDecimal share = s.decimal(8);
                        if (share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0) {
                            throw new org.frontdesk.reception.shared.X12Exception(s, 8,
                                    "is not a share between 0 and 1: " + share);
                        }
                        coinsurance = share.movePointRight(2).setScale(2, RoundingMode.HALF_UP);
                    }
                }
                default -> {
                }
            }
        }
    }
}
