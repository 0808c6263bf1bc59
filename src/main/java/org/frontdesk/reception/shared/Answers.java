package org.frontdesk.reception.shared;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The answers of the {@code /api} face in their one shape: the view as the body, the record's
 * version as its ETag, and for a create the new record's path (relative, as kept for replay).
 */
public final class Answers {

    private Answers() {
    }

    /** 200 with the view and its version as ETag. */
    public static Response ok(Object view, long version) {
        return Response.ok(view).header(HttpHeaders.ETAG, ETags.of(version)).build();
    }

    /** 201 with the view, the new record's path as Location and its version as ETag. */
    public static Response created(String location, long version, Object view) {
        return Response.status(201).header(HttpHeaders.LOCATION, location).header(HttpHeaders.ETAG, ETags.of(version))
                .entity(view).build();
    }

    /** 201 with the view (and the new record's path as Location when it has one of its own). */
    public static Response created(String location, Object view) {
        Response.ResponseBuilder b = Response.status(201).entity(view);
        return (location == null ? b : b.header(HttpHeaders.LOCATION, location)).build();
    }
}
