package org.frontdesk.reception.shared;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.quarkus.runtime.configuration.MemorySize;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads an X12 request body ({@code application/edi-x12}, or plain text) into an
 * {@link X12Upload}: streamed to a temporary file, hashed on the way, refused (413) past
 * {@code reception.x12.max-file-size}.
 */
@Provider
@Consumes({"application/edi-x12", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
public class X12UploadReader implements MessageBodyReader<X12Upload> {

    private final long limit;

    public X12UploadReader(@ConfigProperty(name = "reception.x12.max-file-size", defaultValue = "64M") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == X12Upload.class;
    }

    @Override
    public X12Upload readFrom(Class<X12Upload> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                              MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        Path file = Files.createTempFile("x12-", ".edi");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        try (InputStream in = new DigestInputStream(entity, sha); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
                if (size > limit) {
                    throw Uploads.tooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        if (size == 0) {
            Files.deleteIfExists(file);
            throw ProblemException.badRequest("The request has no file: send the X12 as the body.", java.util.List.of());
        }
        X12Upload upload = new X12Upload(file, HexFormat.of().formatHex(sha.digest()), size);
        Uploads.deleteWhenRequestEnds(upload);
        return upload;
    }
}
