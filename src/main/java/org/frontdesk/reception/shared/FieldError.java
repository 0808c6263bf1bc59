package org.frontdesk.reception.shared;

/**
 * One thing wrong with one field of a request.
 *
 * @param pointer JSON pointer (RFC 6901) into the request body, e.g. {@code /names/0/family}
 * @param detail  what is wrong, in words a person at the desk understands
 */
public record FieldError(String pointer, String detail) {
}
