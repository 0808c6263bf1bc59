package org.frontdesk.reception.shared;

import com.fasterxml.jackson.annotation.JsonValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An uploaded file spooled to a temporary file as it arrived (never held in memory), with what
 * was learnt on the way: its type read from its content, its size, SHA-256 (hex) and SHA-1
 * (hex, for FHIR's {@code Attachment.hash}). Delete it when done; a request's upload is also
 * deleted when the request ends. An idempotency fingerprint sees its type and SHA-256.
 */
public record Upload(Path path, String mediaType, long size, String sha256, String sha1) implements AutoCloseable {

    @JsonValue
    String fingerprint() {
        return mediaType + ";" + size + ";" + sha256;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temporary file left behind is removed with the directory
        }
    }
}
