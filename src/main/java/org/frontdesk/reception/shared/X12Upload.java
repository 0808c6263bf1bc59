package org.frontdesk.reception.shared;

import com.fasterxml.jackson.annotation.JsonValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An uploaded X12 file, spooled to a temporary file as it arrived (never held in memory), with
 * its SHA-256: what a call's idempotency fingerprint sees of it. Delete it when done.
 */
public record X12Upload(Path path, @JsonValue String sha256, long size) implements AutoCloseable {

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temporary file left behind is removed with the directory
        }
    }
}
