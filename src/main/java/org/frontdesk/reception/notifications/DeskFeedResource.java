package org.frontdesk.reception.notifications;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ProblemException;

import java.util.UUID;

/** {@code /api/v1}: the desk's live feed of a location's day list. */
@Path("/api/v1")
@Tag(name = "Live feed", description = "What changes on a location's day list, as it changes")
public class DeskFeedResource {

    @Inject DeskFeed feed;
    @Inject SchedulingSetupService setup;
    @Inject org.eclipse.microprofile.jwt.JsonWebToken token;

    @GET
    @Path("/locations/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Roles.FRONT_DESK)
    @Audited(resource = "Appointment", action = AuditAction.SEARCH)
    @Operation(summary = "Live feed of the location's day list (Server-Sent Events)", description = "Each event is "
            + "a day list row that changed: its name is the kind of change (booked, rescheduled, arrived, checked-in, "
            + "fulfilled, cancelled, noshow, entered-in-error, confirmed, eligibility, payment, refund, void) and its "
            + "data is JSON {kind, at, appointmentId, status, row} with row as GET /locations/{id}/day shows it (null "
            + "when the change has no row, e.g. a payment without a visit). Event ids only grow; reconnect with "
            + "Last-Event-ID to get what was missed (changes are kept reception.notifications.retention; older, a "
            + "'reset' event says to reload the day list). A comment every reception.notifications.desk-heartbeat "
            + "keeps the connection open. Changes made through any instance arrive.")
    @APIResponse(responseCode = "200", description = "The stream (text/event-stream); it stays open",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "400", description = "Last-Event-ID is not an event id")
    @APIResponse(responseCode = "404", description = "No such location")
    @APIResponse(responseCode = "503", description = "This instance serves its maximum of feeds; retry")
    public void events(@PathParam("id") UUID locationId, @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        if (setup.findLocation(locationId).isEmpty()) {
            throw ProblemException.notFound("Location", locationId);
        }
        // the feed lasts as long as the token it was opened with (then the screen reconnects with a fresh one)
        long exp = token.getExpirationTime();
        feed.open(locationId, lastEventId, exp > 0 ? java.time.Instant.ofEpochSecond(exp) : null, sink, sse);
    }
}
