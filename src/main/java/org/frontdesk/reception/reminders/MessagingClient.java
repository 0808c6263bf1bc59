package org.frontdesk.reception.reminders;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The messaging provider's HTTP API: one JSON message per POST, idempotent by key. */
@Path("")
public interface MessagingClient {

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response send(String messageJson, @HeaderParam("Idempotency-Key") String idempotencyKey,
                  @HeaderParam("Authorization") String authorization);
}
