package org.frontdesk.reception.scheduling;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.Idempotent;

import java.util.UUID;

/** {@code /api/v1}: the desk's view of a location's waitlist, and declining an offer for a patient. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Appointments", description = "Find a time, hold it, book, move, check in and out")
@RolesAllowed(Roles.FRONT_DESK)
public class WaitlistResource {

    @Inject Waitlist waitlist;
    @Inject AppointmentService appointments;
    @Inject SchedulingMapper mapper;

    @GET
    @Path("/locations/{id}/waitlist")
    @Audited(resource = "Appointment", action = AuditAction.SEARCH)
    @Operation(summary = "A location's waitlist", description = "Entries oldest first, a page at a time: the patient, "
            + "practitioner, visit type, window and since when, and the time offered to them now, if any (start, when "
            + "the offer lapses, its holdToken for booking it, and the state of the message that told the patient).")
    public SchedulingJson.WaitlistPage waitlist(@PathParam("id") UUID locationId,
                                                @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(100000) int offset,
                                                @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return waitlist.of(locationId, offset, limit);
    }

    @POST
    @Path("/appointments/{id}/decline-offer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Audited(resource = "Appointment", action = AuditAction.UPDATE)
    @Operation(summary = "Decline a waitlist offer for the patient", description = "The offered time (a pending "
            + "appointment offered from the waitlist) is cancelled and passes to the next matching entry that has not "
            + "had it; 409 when the appointment is not an open offer. If-Match optional. To book an offer, book with "
            + "its holdToken (POST /appointments).")
    public Response decline(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                            @Valid SchedulingJson.ReasonRequest request) {
        Appointment a = appointments.passOnOffer(id, ifMatch, request == null ? null : request.reason());
        return Answers.ok(mapper.toView(a, appointments.history(a.id)), a.version);
    }
}
