package org.frontdesk.reception.shared;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.StreamingOutput;
import org.hibernate.Session;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The bytes of stored files ({@code stored_content}), apart from any entity: a feature keeps its
 * metadata in its own table and the content id here. A spooled {@link Upload} goes in with one
 * short write of known length, in the caller's transaction: a bytea value below
 * {@code reception.documents.large-object-threshold}, a PostgreSQL large object at or above it
 * (unlinked by a trigger when its row goes). It comes back in chunks
 * ({@code reception.documents.read-chunk}), each its own short query on a pooled connection, so
 * neither the heap nor a connection is held for a whole file or a slow client.
 */
@ApplicationScoped
public class ContentStore {

    private static final int COPY_BUFFER = 256 * 1024;

    @Inject EntityManager em;
    @Inject AgroalDataSource dataSource;
    @Inject DocumentConfig config;

    /** Keeps an upload's bytes (in the current transaction): the stored file. */
    public StoredFile keep(Upload upload) {
        return new StoredFile(save(upload), upload.mediaType(), upload.size(), upload.sha256(), upload.sha1());
    }

    /** Deletes kept bytes (in the current transaction); a large object goes with its row (a trigger). */
    public void delete(UUID id) {
        em.createNativeQuery("delete from stored_content where id = ?1").setParameter(1, id).executeUpdate();
    }

    /** Keeps an upload's bytes (in the current transaction) and answers their id. */
    private UUID save(Upload upload) {
        UUID id = UUID.randomUUID();
        boolean large = upload.size() >= config.largeObjectThreshold().asLongValue();
        em.unwrap(Session.class).doWork(c -> {
            try (InputStream in = Files.newInputStream(upload.path())) {
                if (large) {
                    saveLargeObject(c, id, upload, in);
                } else {
                    try (PreparedStatement ps = c.prepareStatement(
                            "insert into stored_content (id, size_bytes, sha256, content) values (?, ?, ?, ?)")) {
                        ps.setObject(1, id);
                        ps.setLong(2, upload.size());
                        ps.setString(3, upload.sha256());
                        ps.setBinaryStream(4, in, upload.size());
                        ps.executeUpdate();
                    }
                }
            } catch (IOException e) {
                throw new SQLException("the spooled upload could not be read", e);
            }
        });
        return id;
    }

    private static void saveLargeObject(Connection c, UUID id, Upload upload, InputStream in) throws SQLException,
            IOException {
        LargeObjectManager lom = c.unwrap(PGConnection.class).getLargeObjectAPI();
        long oid = lom.createLO(LargeObjectManager.READWRITE);
        try (LargeObject lo = lom.open(oid, LargeObjectManager.WRITE)) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                lo.write(buffer, 0, n);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into stored_content (id, size_bytes, sha256, content_oid) values (?, ?, ?, cast(? as oid))")) {
            ps.setObject(1, id);
            ps.setLong(2, upload.size());
            ps.setString(3, upload.sha256());
            ps.setLong(4, oid);
            ps.executeUpdate();
        }
    }


    /**
     * The bytes of a content of {@code size} bytes, for a response body: read chunk by chunk as the
     * client takes them. A content deleted meanwhile ends the body early (the client sees a short
     * read against the Content-Length).
     */
    public StreamingOutput stream(UUID id, long size) {
        int chunk = (int) Math.max(8 * 1024, Math.min(config.readChunk().asLongValue(), 8L * 1024 * 1024));
        return out -> {
            long offset = 0;
            while (offset < size) {
                int length = (int) Math.min(chunk, size - offset);
                byte[] bytes = chunk(id, offset, length);
                if (bytes == null || bytes.length == 0) {
                    throw new IOException("stored content " + id + " ended at " + offset + " of " + size + " bytes");
                }
                out.write(bytes);
                offset += bytes.length;
            }
            out.flush();
        };
    }

    private byte[] chunk(UUID id, long offset, int length) throws IOException {
        // substring of a bytea kept EXTERNAL reads only the TOAST chunks it needs; lo_get reads a
        // large object's range without a transaction of its own
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select case when content_oid is null then substring(content from ? for ?) "
                        + "else lo_get(content_oid, ?, ?) end from stored_content where id = ?")) {
            ps.setInt(1, Math.toIntExact(offset + 1));
            ps.setInt(2, length);
            ps.setLong(3, offset);
            ps.setInt(4, length);
            ps.setObject(5, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IOException("stored content " + id + " could not be read", e);
        }
    }
}
