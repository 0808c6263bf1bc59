package org.frontdesk.reception.shared;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.EDIStreamValidationError;
import io.xlate.edi.stream.Location;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Reads an X12 file as a stream of segments with StAEDI, never holding more than one segment:
 * envelopes are checked against StAEDI's control schema (segment, transaction and group counts,
 * matching control numbers) and each transaction set against our schema for its ST01. Every
 * segment goes to the handler as read, envelopes included; the issues found come back at the end.
 * A file with any issue is to be refused as a whole, so handlers only gather until it is done.
 */
public final class X12Reader {

    /** Issues kept (the file is still read to its end): a file this broken is refused anyway. */
    public static final int MAX_ISSUES = 50;
    /** The most elements in a segment and components in an element we take (X12 has fewer). */
    private static final int MAX_ELEMENTS = 100;
    private static final int MAX_COMPONENTS = 20;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(X12Reader.class);

    /** What a reader of one kind of file does with each segment, and at the end of each loop. */
    public interface Handler {
        void segment(X12Segment s);

        default void endLoop(String code) {
        }

        /**
         * Whether the handler still gets the segments after the file's first issue (a reader that
         * shows what a broken file holds); by default not: such a file is refused, and its handler
         * never sees a segment the schema did not accept.
         */
        default boolean readsPastIssues() {
            return false;
        }
    }

    private X12Reader() {
    }

    /**
     * Reads the whole stream into the handler; returns the issues (empty when the file is valid).
     * A file StAEDI can't read at all (no ISA, bad delimiters) is one issue.
     */
    public static List<X12Issue> read(InputStream in, Handler handler) {
        return read(in, handler, true);
    }

    /**
     * As {@link #read(InputStream, Handler)}; with {@code validate} false, a file already
     * validated is read again without any schema (no checks, and no loop events: the handler
     * must not need them).
     */
    public static List<X12Issue> read(InputStream in, Handler handler, boolean validate) {
        EDIInputFactory f = EDIInputFactory.newFactory();
        f.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_STRUCTURE, validate);
        f.setProperty(EDIInputFactory.EDI_NEST_HIERARCHICAL_LOOPS, false);
        List<X12Issue> issues = new ArrayList<>();
        Deque<String> loops = new ArrayDeque<>();
        List<String[]> elements = new ArrayList<>();
        String tag = null;
        String st01 = null;
        int position = 0;
        boolean inTransaction = false;
        boolean any = false;
        try (EDIStreamReader r = validate ? f.createEDIStreamReader(in, X12Schemas.control()) : f.createEDIStreamReader(in)) {
            while (r.hasNext()) {
                EDIStreamEvent ev = r.next();
                switch (ev) {
                    case START_INTERCHANGE -> any = true;
                    case START_TRANSACTION -> {
                        inTransaction = true;
                        position = 0;
                        st01 = null;
                    }
                    case END_TRANSACTION -> inTransaction = false;
                    case START_LOOP -> loops.push(r.getReferenceCode());
                    case END_LOOP -> {
                        String code = loops.isEmpty() ? null : loops.pop();
                        if (issues.isEmpty() || handler.readsPastIssues()) {
                            handler.endLoop(code);
                        }
                    }
                    case START_SEGMENT -> {
                        tag = r.getText();
                        elements.clear();
                        if (inTransaction) {
                            position++;
                        }
                    }
                    case ELEMENT_DATA -> {
                        Location l = r.getLocation();
                        if (l.getElementOccurrence() > 1) {
                            break; // repetitions: none of the elements we read repeats
                        }
                        int e = l.getElementPosition();
                        int c = Math.max(1, l.getComponentPosition());
                        if (e > MAX_ELEMENTS || c > MAX_COMPONENTS) {
                            if (issues.size() < MAX_ISSUES) {
                                issues.add(new X12Issue(position, tag, Math.min(e, MAX_ELEMENTS), loops.peek(), "TOO_MANY",
                                        tag + " has more elements or components than X12 allows (segment " + position + ")"));
                            }
                            break;
                        }
                        while (elements.size() < e) {
                            elements.add(null);
                        }
                        String[] comps = elements.get(e - 1);
                        if (comps == null || comps.length < c) {
                            String[] grown = new String[c];
                            if (comps != null) {
                                System.arraycopy(comps, 0, grown, 0, comps.length);
                            }
                            comps = grown;
                            elements.set(e - 1, comps);
                        }
                        comps[c - 1] = r.getText();
                        if ("ST".equals(tag) && e == 1) {
                            st01 = r.getText();
                        }
                    }
                    case END_SEGMENT -> {
                        X12Segment s = new X12Segment(tag, loops.peek(), inTransaction ? position : 0,
                                elements.toArray(new String[0][]));
                        if ("ST".equals(tag) && validate) {
                            r.setTransactionSchema(X12Schemas.transaction(st01));
                        }
                        if (issues.isEmpty() || handler.readsPastIssues()) {
                            handler.segment(s);
                        }
                    }
                    case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> {
                        Location l = r.getLocation();
                        String at = l.getSegmentTag();
                        int element = ev == EDIStreamEvent.SEGMENT_ERROR ? 0 : Math.max(0, l.getElementPosition());
                        String data = r.hasText() ? r.getText() : null;
                        if (issues.size() < MAX_ISSUES) {
                            issues.add(issue(r.getErrorType(), at, element, position, loops.peek(), data));
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (X12Exception e) {
            issues.addAll(e.issues()); // the handler found a value it can't take
        } catch (EDIStreamException e) {
            issues.add(new X12Issue(position, tag, 0, loops.peek(), "SYNTAX",
                    "the file is not readable X12: " + clean(e.getMessage())));
        } catch (RuntimeException e) {
            // a value the reader of this kind of file did not expect: refused, said without the JVM's words
            LOG.debugf(e, "X12 handler failed at segment %d", position);
            issues.add(new X12Issue(position, tag, 0, loops.peek(), "UNREADABLE",
                    "the file could not be read at " + (tag == null ? "its start" : tag + " (segment " + position + ")")
                            + ": a value there is missing or not what the transaction set allows"));
        } catch (IOException e) {
            issues.add(new X12Issue(position, tag, 0, null, "SYNTAX", "the file could not be read: " + e.getMessage()));
        }
        if (!any && issues.isEmpty()) {
            issues.add(new X12Issue(0, null, 0, null, "SYNTAX", "the file holds no X12 interchange (ISA)"));
        }
        return issues;
    }

    /**
     * The type (ST01) of the file's first transaction set, read no further than its ST; null when
     * the file has none or can't be read (reading it then says why).
     */
    public static String firstTransactionType(InputStream in) {
        EDIInputFactory f = EDIInputFactory.newFactory();
        f.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_STRUCTURE, false);
        try (EDIStreamReader r = f.createEDIStreamReader(in)) {
            String tag = null;
            while (r.hasNext()) {
                EDIStreamEvent ev = r.next();
                if (ev == EDIStreamEvent.START_SEGMENT) {
                    tag = r.getText();
                } else if (ev == EDIStreamEvent.ELEMENT_DATA && "ST".equals(tag)
                        && r.getLocation().getElementPosition() == 1) {
                    return r.getText();
                }
            }
        } catch (EDIStreamException | IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static X12Issue issue(EDIStreamValidationError error, String tag, int element, int position, String loop,
                                  String data) {
        String name = error == null ? "INVALID" : error.name();
        String what = name.toLowerCase(Locale.ROOT).replace('_', ' ');
        String where = tag == null ? "" : element > 0 ? tag + String.format("%02d", element) + " " : tag + " ";
        String shown = data == null || data.isEmpty() ? "" : ": '" + clean(data) + "'";
        return new X12Issue(position, tag, element, loop, name,
                where + what + shown + (position > 0 ? " (segment " + position + ")" : " (envelope)"));
    }

    /** Text from the file, shortened and stripped of control characters before it goes into a message. */
    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}
