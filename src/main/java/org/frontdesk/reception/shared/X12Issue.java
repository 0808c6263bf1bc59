package org.frontdesk.reception.shared;

/**
 * One problem with an X12 file: the segment's position in its transaction set (ST is 1; 0 for
 * the envelope or the file), its tag, the element (0 for the segment), the loop, a code (StAEDI's
 * validation error name, or ours) and what it means.
 */
public record X12Issue(int segment, String tag, int element, String loop, String code, String message) {
}
