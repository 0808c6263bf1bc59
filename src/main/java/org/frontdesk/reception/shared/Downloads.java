package org.frontdesk.reception.shared;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.List;

/**
 * A kept file as a response: served as the type judged when it was taken, its size as
 * Content-Length, its SHA-256 as a strong ETag (If-None-Match answers 304), as an attachment
 * named with the type's extension, and never to be sniffed by the browser.
 */
public final class Downloads {

    private Downloads() {
    }

    /** The response for a file's bytes; {@code name} is the file name without its extension (ASCII, no quotes). */
    public static Response attachment(StreamingOutput bytes, String contentType, long size, String sha256, String name,
                                      String ifNoneMatch) {
        String etag = "\"" + sha256 + "\"";
        if (ifNoneMatch != null && List.of(ifNoneMatch.split(",")).stream().map(String::trim)
                .anyMatch(t -> t.equals(etag) || t.equals("W/" + etag) || t.equals("*"))) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        return Response.ok(bytes, contentType)
                .header(HttpHeaders.CONTENT_LENGTH, size)
                .header(HttpHeaders.ETAG, etag)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment; filename=\"" + name + extension(contentType) + "\"")
                .build();
    }

    private static String extension(String type) {
        return switch (type) {
            case "application/pdf" -> ".pdf";
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/heic" -> ".heic";
            default -> "";
        };
    }
}
