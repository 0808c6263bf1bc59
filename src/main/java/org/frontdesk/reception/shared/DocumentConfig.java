package org.frontdesk.reception.shared;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** {@code reception.documents.*}: how uploaded files (documents, insurance card images) are taken and kept. */
@ConfigMapping(prefix = "reception.documents")
public interface DocumentConfig {

    /** The largest file taken (413 above it); at most 1G. The HTTP layer's own limit must be at least this. */
    @WithDefault("10M")
    MemorySize maxSize();

    /**
     * Files of at least this size are kept as PostgreSQL large objects, smaller ones in a bytea
     * column; both are read back in chunks.
     */
    @WithDefault("1M")
    MemorySize largeObjectThreshold();

    /** How much of a file one read from the database fetches while it is sent to a client. */
    @WithDefault("256K")
    MemorySize readChunk();

    /** Where uploads are spooled while they arrive (deleted when the request ends); the system temp directory if unset. */
    Optional<String> spoolDir();
}
