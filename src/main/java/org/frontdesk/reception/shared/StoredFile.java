package org.frontdesk.reception.shared;

import java.util.UUID;

/**
 * An upload once its bytes are kept ({@link ContentStore#keep}): the stored content's id, and what
 * was learnt while it was taken (its type judged by content, size, SHA-256 and SHA-1, in hex).
 */
public record StoredFile(UUID contentId, String mediaType, long size, String sha256, String sha1) {
}
