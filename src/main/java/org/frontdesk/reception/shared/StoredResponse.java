package org.frontdesk.reception.shared;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The answer to a mutating call as it is kept for idempotent replay: status, the headers a
 * client acts on, and the JSON body exactly as first sent.
 */
public record StoredResponse(int status, String location, String etag, String body) {

    public Response toResponse(boolean replayed) {
        Response.ResponseBuilder b = Response.status(status);
        if (body != null) {
            b.entity(body).type(MediaType.APPLICATION_JSON_TYPE);
        }
        if (location != null) {
            b.header(HttpHeaders.LOCATION, location);
        }
        if (etag != null) {
            b.header(HttpHeaders.ETAG, etag);
        }
        if (replayed) {
            b.header(Idempotency.REPLAYED, "true");
        }
        return b.build();
    }
}
