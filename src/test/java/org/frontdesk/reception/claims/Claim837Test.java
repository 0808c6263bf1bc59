package org.frontdesk.reception.claims;

import org.frontdesk.reception.shared.X12Issue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 837P round trip: each claim shape we write reads back through the same reader equal to
 * what was written, passes StAEDI's validation against our schema and StAEDI's envelope checks,
 * and its counts (SE01, GE01, IEA01) are those of the file. The imsweb samples read for what they
 * hold, with their known defects reported.
 */
class Claim837Test {

    static final Claim837.Provider BILLING = new Claim837.Provider("FRONT DESK PRACTICE", "1234567893", "207Q00000X",
            "123456789", new Claim837.Address("100 MAIN ST", null, "SPRINGFIELD", "IL", "627011234"));
    static final Claim837Writer.Envelope ENV = new Claim837Writer.Envelope("FRONTDESK", "CLEARHOUSE", "FRONT DESK PRACTICE",
            "BILLING OFFICE", "5555551212", "CLEARINGHOUSE", 42, 7, true, LocalDateTime.of(2026, 11, 30, 9, 15), "B42");

    static Claim837 claim(String control, String frequency, String payerClaimNumber, List<String> dx,
                          List<Claim837.Line> lines) {
        return new Claim837(BILLING,
                new Claim837.Subscriber("P", true, "GRP001", "CI", "SMITH", "JOHN", "MEM123456",
                        new Claim837.Address("200 OAK AVE", "APT 4", "SPRINGFIELD", "IL", "62704"),
                        LocalDate.of(1980, 1, 1), "M"),
                null, new Claim837.Payer("BIG PAYER", "PAYER01"), control, lines.stream().map(Claim837.Line::charge).reduce(BigDecimal.ZERO, BigDecimal::add), "11", frequency,
                payerClaimNumber, dx, new Claim837.Rendering("JONES", "MARY", "1245319599", "207Q00000X"), List.of(),
                lines);
    }

    static Claim837.Line line(String code, List<String> modifiers, String charge, int units, List<Integer> pointers,
                              int n) {
        return new Claim837.Line(code, modifiers, new BigDecimal(charge), units, pointers, LocalDate.of(2026, 11, 2),
                "L" + n, List.of());
    }

    static final List<Claim837> SHAPES = List.of(
            claim("1001", "1", null, List.of("I10"), List.of(line("99213", List.of(), "100", 1, List.of(1), 1))),
            claim("1002", "1", null, List.of("I10", "E119"), List.of(
                    line("99213", List.of("25"), "100", 1, List.of(1, 2), 1),
                    line("97110", List.of("GP", "59", "XE", "76"), "45.5", 3, List.of(2), 2))),
            claim("1003", "1", null, List.of("I10", "E119", "E785", "J449", "M545", "R51", "K219", "F419", "G4733",
                    "N390", "Z0000", "E669"), List.of(line("99214", List.of(), "150", 1, List.of(1, 2, 11, 12), 1))),
            claim("1004", "7", "PAYERICN0001", List.of("I10"), List.of(line("99213", List.of(), "100", 1, List.of(1), 1))),
            claim("1005", "8", "PAYERICN0002", List.of("I10"), List.of(line("99213", List.of(), "100", 1, List.of(1), 1))));

    static String write(List<Claim837> claims) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Claim837Writer.write(out, ENV, claims.iterator());
        return out.toString(StandardCharsets.US_ASCII);
    }

    static List<Claim837> read(String x12, List<X12Issue> issues) {
        List<Claim837> back = new ArrayList<>();
        issues.addAll(Claim837Reader.read(new ByteArrayInputStream(x12.getBytes(StandardCharsets.US_ASCII)), back::add));
        return back;
    }

    @Test
    void everyShapeReadsBackEqualValidAndCounted() {
        for (Claim837 c : SHAPES) {
            String x12 = write(List.of(c));
            List<X12Issue> issues = new ArrayList<>();
            List<Claim837> back = read(x12, issues);
            assertEquals(List.of(), issues, x12);
            assertEquals(List.of(c), back, x12);
            assertCounts(x12);
        }
    }

    @Test
    void aPatientWhoIsNotTheSubscriberAndASecondaryClaimReadBack() {
        Claim837 base = SHAPES.get(1);
        Claim837.Adjustment co45 = new Claim837.Adjustment("CO", "45", new BigDecimal("20"));
        Claim837.Adjustment pr2 = new Claim837.Adjustment("PR", "2", new BigDecimal("16"));
        List<Claim837.Line> lines = List.of(
                new Claim837.Line("99213", List.of("25"), new BigDecimal("100"), 1, List.of(1), LocalDate.of(2026, 11, 2),
                        "L1", List.of(new Claim837.LineAdjudication("PAYER01", new BigDecimal("64"), "99213", List.of("25"),
                        1, List.of(co45, pr2), LocalDate.of(2026, 11, 20)))));
        Claim837 secondary = new Claim837(BILLING,
                new Claim837.Subscriber("S", false, "SEC9", "CI", "DOE", "JANE", "SEC777", null, null, null),
                new Claim837.Person("19", "DOE", "BILLY", new Claim837.Address("1 ELM ST", null, "SPRINGFIELD", "IL",
                        "62704"), LocalDate.of(2015, 6, 1), "M"),
                new Claim837.Payer("SECOND PAYER", "PAYER02"), "1006", new BigDecimal("100"), "11", "1", null,
                base.diagnoses(), null,
                List.of(new Claim837.OtherPayer("P", "CI", "GRP001", "DOE", "JANE", "MEM123456", "BIG PAYER", "PAYER01",
                        new BigDecimal("64"), new BigDecimal("16"), List.of(), "PAYERICN0009", LocalDate.of(2026, 11, 20))),
                lines);
        String x12 = write(List.of(secondary, SHAPES.get(0)));
        List<X12Issue> issues = new ArrayList<>();
        assertEquals(List.of(secondary, SHAPES.get(0)), read(x12, issues), x12);
        assertEquals(List.of(), issues);
        assertTrue(x12.contains("SVD*PAYER01*64*HC:99213:25**1~"), x12);
        assertTrue(x12.contains("CAS*CO*45*20~"), x12);
        assertTrue(x12.contains("CAS*PR*2*16~"), x12);
        assertCounts(x12);
    }

    @Test
    void manyClaimsSplitIntoTransactionSetsOfFiveThousand() {
        List<Claim837> many = new ArrayList<>();
        for (int i = 0; i < 5001; i++) {
            Claim837 c = SHAPES.get(i % SHAPES.size());
            many.add(new Claim837(c.billing(), c.subscriber(), c.patient(), c.payer(), Integer.toString(20000 + i),
                    c.totalCharge(), c.placeOfService(), c.frequency(), c.payerClaimNumber(), c.diagnoses(), c.rendering(),
                    c.otherPayers(), c.lines()));
        }
        String x12 = write(many);
        List<X12Issue> issues = new ArrayList<>();
        List<Claim837> back = read(x12, issues);
        assertEquals(List.of(), issues);
        assertEquals(many, back);
        assertEquals(2, count(x12, "\nST\\*837\\*"));
        assertTrue(x12.contains("\nGE*2*7~"), "GE01 counts both transaction sets");
        assertCounts(x12);
    }

    @Test
    void theImswebSamplesReadWithTheirDefectsReported() throws Exception {
        List<X12Issue> issues = new ArrayList<>();
        List<Claim837> claims = new ArrayList<>();
        issues.addAll(Claim837Reader.read(sample("x12_valid.txt"), claims::add));
        assertEquals(List.of("A37YH556", "A37YH667"), claims.stream().map(Claim837::controlNumber).toList());
        Claim837 first = claims.get(0);
        assertEquals("MEDICAL GROUP", first.billing().name());
        assertEquals("123456789", first.billing().taxId());
        assertEquals("123456", first.subscriber().memberId());
        assertEquals(new Claim837.Payer("HEALTH INSURANCE COMPANY", "11122333"), first.payer());
        assertEquals(new BigDecimal("500.00"), first.totalCharge());
        assertEquals("99211", first.lines().get(0).code());
        assertEquals(List.of("25"), first.lines().get(0).modifiers());
        assertEquals(LocalDate.of(2005, 3, 14), first.lines().get(0).date());
        // the sample's SE01 says 25 segments; it has 34
        assertTrue(issues.stream().anyMatch(i -> i.code().equals("CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT")), issues::toString);

        claims.clear();
        issues.clear();
        issues.addAll(Claim837Reader.read(sample("x12_many_claims.txt"), claims::add));
        assertTrue(claims.size() > 800, "claims read: " + claims.size());

        claims.clear();
        issues.clear();
        issues.addAll(Claim837Reader.read(sample("x12_valid_different_separators.txt"), claims::add));
        assertEquals(2, claims.size());

        for (String broken : List.of("x12_bad_first_line.txt", "x12_no_isa_line.txt")) {
            claims.clear();
            List<X12Issue> found = Claim837Reader.read(sample(broken), claims::add);
            assertEquals("SYNTAX", found.get(0).code(), broken + ": " + found);
            assertEquals(List.of(), claims);
        }
        // several interchanges, several transaction sets, and every loop of the guide: each claim is read
        for (String[] file : new String[][] {{"x12_multiple_isa.txt", "4"}, {"x12_multiple_st.txt", "4"},
                {"x12_complex.txt", "6"}}) {
            claims.clear();
            Claim837Reader.read(sample(file[0]), claims::add);
            assertEquals(Integer.parseInt(file[1]), claims.size(), file[0]);
        }
        List<X12Issue> outOfOrder = Claim837Reader.read(sample("x12_segments_out_of_order.txt"), c -> { });
        assertTrue(outOfOrder.stream().anyMatch(i -> i.code().startsWith("SEGMENT_") || i.code().contains("UNEXPECTED")),
                outOfOrder::toString);
    }

    @Test
    void theImsweb999sReadAsAnAcceptanceAndARejectionWithItsErrors() {
        List<Acks.SetAck> acks = new ArrayList<>();
        // the accepted sample's IEA02 doesn't match its ISA13, and its GS05 is not a time: refused
        assertTrue(Acks.read999(sample("x12_999_accepted.txt"), acks).stream()
                .anyMatch(i -> i.code().equals("CONTROL_REFERENCE_MISMATCH")));
        acks.clear();
        assertEquals(List.of(), Acks.read999(sample("x12_999_rejected.txt"), acks));
        assertEquals(1, acks.size());
        Acks.SetAck rejected = acks.get(0);
        assertEquals("0028", rejected.transaction());
        assertEquals("R", rejected.code());
        assertTrue(!rejected.accepted());
        assertEquals(List.of("NM (segment 17): unrecognized segment"), rejected.errors());
    }

    static InputStream sample(String name) {
        return Claim837Test.class.getResourceAsStream("/x12/imsweb/" + name);
    }

    /** SE01 = segments from ST to SE; GE01 = transaction sets; IEA01 = groups: counted from the text. */
    static void assertCounts(String x12) {
        String[] segments = x12.split("~\\s*");
        int inTx = 0;
        int txs = 0;
        int groups = 0;
        for (String s : segments) {
            String tag = s.split("\\*", 2)[0];
            switch (tag) {
                case "ST" -> {
                    inTx = 1;
                    txs++;
                }
                case "SE" -> assertEquals(Integer.toString(inTx + 1), s.split("\\*")[1], "SE01");
                case "GS" -> {
                    groups++;
                    txs = 0;
                }
                case "GE" -> assertEquals(Integer.toString(txs), s.split("\\*")[1], "GE01");
                case "IEA" -> assertEquals(Integer.toString(groups), s.split("\\*")[1], "IEA01");
                default -> inTx++;
            }
        }
    }

    static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
