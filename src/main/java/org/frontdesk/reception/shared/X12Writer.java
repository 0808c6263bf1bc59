package org.frontdesk.reception.shared;

import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamConstants;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;

import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes X12 005010 with StAEDI, straight to a stream: the caller writes segments, this keeps
 * the envelope honest (SE01 segment counts, GE01 and IEA01 counts, matching control numbers) and
 * has StAEDI validate against the control schema and the transaction's schema as it goes. A value
 * holding a delimiter, or anything StAEDI finds invalid, is our bug: it throws, nothing is sent.
 */
public final class X12Writer implements AutoCloseable {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");

    private final EDIStreamWriter w;
    private final boolean validateTransactions;
    private final List<String> errors = new ArrayList<>();
    private int segmentsInTransaction;
    private int transactionsInGroup;
    private int groupsInInterchange;
    private String interchangeNumber;
    private String groupNumber;
    private String transactionNumber;

    public X12Writer(OutputStream out) {
        this(out, true);
    }

    /**
     * With {@code validateTransactions} false, only the envelopes are validated as written, not the
     * transaction sets against their schemas (which costs ten times the writing): for bulk files
     * whose writer is covered by tests that read its output back through the validating reader.
     */
    public X12Writer(OutputStream out, boolean validateTransactions) {
        this.validateTransactions = validateTransactions;
        EDIOutputFactory f = EDIOutputFactory.newFactory();
        f.setProperty(EDIStreamConstants.Delimiters.SEGMENT, '~');
        f.setProperty(EDIStreamConstants.Delimiters.DATA_ELEMENT, '*');
        f.setProperty(EDIStreamConstants.Delimiters.COMPONENT_ELEMENT, ':');
        f.setProperty(EDIStreamConstants.Delimiters.REPETITION, '^');
        f.setProperty(EDIOutputFactory.PRETTY_PRINT, true);
        f.setProperty(EDIOutputFactory.TRUNCATE_EMPTY_ELEMENTS, true);
        f.setErrorReporter((error, writer, location, data, ref) -> errors.add(error + " at " + location.getSegmentTag()
                + String.format("%02d", Math.max(0, location.getElementPosition())) + " '" + data + "'"));
        try {
            w = f.createEDIStreamWriter(out, "US-ASCII");
        } catch (EDIStreamException e) {
            throw new IllegalStateException(e);
        }
        w.setControlSchema(X12Schemas.control());
    }

    /**
     * Writes one segment. Each value is a simple element ({@code String}, or null for an empty
     * one) or a composite ({@code String[]}, null components empty).
     */
    public X12Writer segment(String tag, Object... values) {
        try {
            w.writeStartSegment(tag);
            for (Object v : values) {
                if (v instanceof String[] components) {
                    w.writeStartElement();
                    for (String c : components) {
                        if (c == null || c.isEmpty()) {
                            w.writeEmptyComponent();
                        } else {
                            w.writeComponent(c);
                        }
                    }
                    w.endElement();
                } else if (v == null || v.toString().isEmpty()) {
                    w.writeEmptyElement();
                } else {
                    w.writeElement(v.toString());
                }
            }
            w.writeEndSegment();
        } catch (EDIStreamException e) {
            throw new IllegalStateException("X12 " + tag + " could not be written: " + e.getMessage(), e);
        }
        segmentsInTransaction++;
        failOnErrors(tag);
        return this;
    }

    /** ISA with 9-digit control number {@code number}, production ({@code P}) or test ({@code T}). */
    public void startInterchange(String sender, String receiver, long number, boolean test, LocalDateTime now) {
        interchangeNumber = String.format("%09d", number);
        groupsInInterchange = 0;
        try {
            w.startInterchange();
        } catch (EDIStreamException e) {
            throw new IllegalStateException(e);
        }
        segment("ISA", "00", " ".repeat(10), "00", " ".repeat(10), "ZZ", pad(sender, 15), "ZZ", pad(receiver, 15),
                now.format(YYMMDD), now.format(HHMM), "^", "00501", interchangeNumber, "0", test ? "T" : "P", ":");
    }

    public void startGroup(String functionalId, String sender, String receiver, long number, String version,
                           LocalDateTime now) {
        groupNumber = Long.toString(number);
        transactionsInGroup = 0;
        groupsInInterchange++;
        segment("GS", functionalId, sender, receiver, now.format(CCYYMMDD), now.format(HHMM), groupNumber, "X", version);
    }

    /** ST; {@code number} is the transaction set control number within the group (written with at least 4 digits). */
    public void startTransaction(String type, int number, String version) {
        transactionNumber = String.format("%04d", number);
        transactionsInGroup++;
        segmentsInTransaction = 0;
        segment("ST", type, transactionNumber, version);
        if (validateTransactions) {
            w.setTransactionSchema(X12Schemas.transaction(type));
        }
    }

    public void endTransaction() {
        if (validateTransactions) {
            w.setTransactionSchema(null);
        }
        segment("SE", Integer.toString(segmentsInTransaction + 1), transactionNumber);
    }

    public void endGroup() {
        segment("GE", Integer.toString(transactionsInGroup), groupNumber);
    }

    public void endInterchange() {
        segment("IEA", Integer.toString(groupsInInterchange), interchangeNumber);
        try {
            w.endInterchange();
        } catch (EDIStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Segments written in the current transaction set so far, ST included. */
    public int segmentsInTransaction() {
        return segmentsInTransaction;
    }

    @Override
    public void close() {
        try {
            w.close();
        } catch (EDIStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private void failOnErrors(String tag) {
        if (!errors.isEmpty()) {
            String all = String.join("; ", errors);
            errors.clear();
            throw new IllegalStateException("X12 " + tag + " is invalid: " + all);
        }
    }

    /** Free text as X12 can carry it: upper case, no delimiters or control characters, at most {@code max} long. */
    public static String text(String s, int max) {
        if (s == null) {
            return null;
        }
        String t = plain(s) ? s.toUpperCase(java.util.Locale.ROOT).trim()
                : SPACES.matcher(NOT_PRINTABLE.matcher(DELIMITERS.matcher(MARKS.matcher(java.text.Normalizer.normalize(s,
                        java.text.Normalizer.Form.NFD)).replaceAll("").toUpperCase(java.util.Locale.ROOT)).replaceAll(" "))
                        .replaceAll("")).replaceAll(" ").trim();
        return t.isEmpty() ? null : t.length() > max ? t.substring(0, max).trim() : t;
    }

    private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}");
    private static final java.util.regex.Pattern DELIMITERS = java.util.regex.Pattern.compile("[~*:^\\p{Cntrl}]");
    private static final java.util.regex.Pattern NOT_PRINTABLE = java.util.regex.Pattern.compile("[^\\x20-\\x7E]");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" +");

    /** Printable ASCII without delimiters or double spaces: needs no cleaning (the usual case). */
    private static boolean plain(String s) {
        char previous = 'x';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '~' || c == '*' || c == ':' || c == '^' || c == ' ' && previous == ' ') {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static String pad(String s, int n) {
        return String.format("%-" + n + "s", s).substring(0, n);
    }
}
