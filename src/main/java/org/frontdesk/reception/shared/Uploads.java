package org.frontdesk.reception.shared;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Takes an uploaded file in one pass: its first bytes decide what it is (415 unless PDF, JPEG,
 * PNG or HEIC, and unless that is the type its sender declared), then it is written to a
 * temporary file while it is counted (413 past {@code reception.documents.max-size}) and hashed
 * (SHA-256 and SHA-1 together). Memory holds one buffer, whatever the file's size.
 */
@ApplicationScoped
public class Uploads {

    private static final int BUFFER = 64 * 1024;

    @Inject DocumentConfig config;

    /**
     * Spools a body whose sender says it is {@code declaredType} (a Content-Type). The caller
     * closes the answer (and it is deleted when the current request ends, if there is one).
     */
    public Upload spool(InputStream body, String declaredType) {
        long limit = config.maxSize().asLongValue();
        byte[] head;
        try {
            head = body.readNBytes(ContentSniffer.HEAD);
        } catch (IOException e) {
            throw cutOff();
        }
        if (head.length == 0) {
            throw ProblemException.badRequest("The request has no file: send the file's bytes as the body.", List.of());
        }
        String sniffed = ContentSniffer.sniff(head, head.length);
        String declared = ContentSniffer.declared(declaredType);
        if (sniffed == null) {
            throw unsupported("The file is none of the types taken (" + String.join(", ", ContentSniffer.TAKEN)
                    + "), judged by its content" + (declared == null ? "." : ", whatever its Content-Type says."));
        }
        if (declared == null) {
            throw unsupported("Send the file's type as its Content-Type (" + sniffed + " for this one).");
        }
        if (!declared.equals(sniffed)) {
            throw unsupported("The Content-Type says " + declared + " but the file is " + sniffed + ".");
        }
        Path file;
        try {
            file = Files.createTempFile(dir(), "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            MessageDigest sha256 = digest("SHA-256");
            MessageDigest sha1 = digest("SHA-1");
            long size = head.length;
            try (OutputStream out = Files.newOutputStream(file)) {
                if (size > limit) {
                    throw tooLarge(limit);
                }
                out.write(head);
                sha256.update(head);
                sha1.update(head);
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = read(body, buffer)) > 0; ) {
                    size += n;
                    if (size > limit) {
                        throw tooLarge(limit);
                    }
                    out.write(buffer, 0, n);
                    sha256.update(buffer, 0, n);
                    sha1.update(buffer, 0, n);
                }
            }
            Upload upload = new Upload(file, sniffed, size, HexFormat.of().formatHex(sha256.digest()),
                    HexFormat.of().formatHex(sha1.digest()));
            deleteWhenRequestEnds(upload);
            return upload;
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /** A read of the sender's body; the sender going away (or stalling past the read timeout) is theirs: a 400. */
    private static int read(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw cutOff();
        }
    }

    private static ProblemException cutOff() {
        return new ProblemException(Problem.of(400, "/problems/upload-incomplete", "Upload incomplete",
                "The file stopped arriving before its end; nothing was kept. Send it again."));
    }

    private Path dir() throws IOException {
        if (config.spoolDir().isEmpty() || config.spoolDir().get().isBlank()) {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
        return Files.createDirectories(Path.of(config.spoolDir().get()));
    }

    /**
     * Closes (deletes) a spooled file when the current request ends, whether or not the call ran
     * (a replayed Idempotency-Key never does).
     */
    public static void deleteWhenRequestEnds(AutoCloseable spooled) {
        if (!Arc.container().requestContext().isActive()) {
            return;
        }
        var request = Arc.container().instance(CurrentVertxRequest.class);
        if (request.isAvailable() && request.get().getCurrent() != null) {
            request.get().getCurrent().addEndHandler(done -> {
                try {
                    spooled.close();
                } catch (Exception ignored) {
                    // a temporary file left behind is removed with the directory
                }
            });
        }
    }

    /** The 413 of a file over its limit. */
    public static ProblemException tooLarge(long limit) {
        return new ProblemException(Problem.of(413, "/problems/body-too-large", "Request body too large",
                "The file exceeds the limit of " + limit + " bytes."));
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(Problem.of(415, "/problems/unsupported-media-type", "Unsupported media type", detail)
                .with("accepted", ContentSniffer.TAKEN));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // left to the temp directory's cleaning
        }
    }
}
