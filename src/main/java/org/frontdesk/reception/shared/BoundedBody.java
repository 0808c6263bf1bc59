package org.frontdesk.reception.shared;

import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An outside service's answer, read up to a limit: an insurer or a messaging provider that sends
 * gigabytes (by mistake or not) can't fill our memory. Past the limit the answer is refused as a
 * whole, never cut and believed.
 */
public final class BoundedBody {

    /** What an answer from outside may weigh. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;

    private BoundedBody() {
    }

    /** Thrown when an answer is over the limit. */
    public static final class TooLarge extends RuntimeException {
        public TooLarge(int max) {
            super("the answer was over " + (max / 1024) + " KB");
        }
    }

    /**
     * The body as UTF-8 text, or null when there is none.
     *
     * @throws TooLarge when it is over {@code max} bytes
     */
    public static String read(Response r, int max) {
        if (!r.hasEntity()) {
            return null;
        }
        try (InputStream in = r.readEntity(InputStream.class)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > max) {
                    throw new TooLarge(max);
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
