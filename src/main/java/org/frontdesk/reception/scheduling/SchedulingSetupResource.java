package org.frontdesk.reception.scheduling;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.scheduling.SchedulingJson.AvailabilityRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.AvailabilityView;
import org.frontdesk.reception.scheduling.SchedulingJson.ExceptionRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.LocationRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.LocationView;
import org.frontdesk.reception.scheduling.SchedulingJson.PractitionerRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.PractitionerView;
import org.frontdesk.reception.scheduling.SchedulingJson.VisitTypeRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.VisitTypeView;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.Idempotent;

import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1}: the scheduling set-up the practice keeps (administrators) and the desk reads:
 * locations, practitioners and their weekly hours, visit types, and blocked time.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Scheduling set-up", description = "Locations, practitioners, hours, visit types, blocked time")
public class SchedulingSetupResource {

    @Inject SchedulingSetupService setup;
    @Inject SchedulingMapper mapper;

    @POST
    @Path("/locations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a practice location", description = "Idempotency-Key required.")
    public Response addLocation(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid LocationRequest request) {
        Location l = setup.addLocation(mapper.toEntity(request));
        return Answers.created("/api/v1/locations/" + l.id, l.version, mapper.toView(l));
    }

    @GET
    @Path("/locations")
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "List locations")
    public List<LocationView> locations() {
        return setup.locations().stream().map(mapper::toView).toList();
    }

    @GET
    @Path("/locations/{id}")
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "Read a location")
    public LocationView location(@PathParam("id") UUID id) {
        return mapper.toView(setup.location(id));
    }

    @POST
    @Path("/practitioners")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a practitioner", description = "Idempotency-Key required. The NPI must be unique and pass its check digit.")
    public Response addPractitioner(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid PractitionerRequest request) {
        Practitioner p = setup.addPractitioner(mapper.toEntity(request));
        return Answers.created("/api/v1/practitioners/" + p.id, p.version, mapper.toView(p));
    }

    @GET
    @Path("/practitioners")
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "List practitioners")
    public List<PractitionerView> practitioners() {
        return setup.practitioners().stream().map(mapper::toView).toList();
    }

    @GET
    @Path("/practitioners/{id}")
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "Read a practitioner")
    public PractitionerView practitioner(@PathParam("id") UUID id) {
        return mapper.toView(setup.practitioner(id));
    }

    @POST
    @Path("/practitioners/{id}/availability")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add weekly hours of a practitioner at a location", description = "Idempotency-Key required.")
    public Response addHours(@PathParam("id") UUID id,
                             @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid AvailabilityRequest request) {
        AvailabilityTemplate t = setup.addHours(id, mapper.toEntity(request));
        return Answers.created("/api/v1/practitioners/" + id + "/availability/" + t.id, t.version, mapper.toView(t));
    }

    @GET
    @Path("/practitioners/{id}/availability")
    @RolesAllowed({Roles.FRONT_DESK, Roles.ADMIN})
    @Operation(summary = "A practitioner's weekly hours")
    public List<AvailabilityView> hours(@PathParam("id") UUID id) {
        return setup.hours(id).stream().map(mapper::toView).toList();
    }

    @POST
    @Path("/visit-types")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a visit type", description = "Idempotency-Key required. Duration and the buffers before and after, in minutes.")
    public Response addVisitType(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid VisitTypeRequest request) {
        VisitType v = setup.addVisitType(mapper.toEntity(request));
        return Answers.created("/api/v1/visit-types/" + v.id, v.version, mapper.toView(v));
    }

    @GET
    @Path("/visit-types")
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "List visit types")
    public List<VisitTypeView> visitTypes() {
        return setup.visitTypes().stream().map(mapper::toView).toList();
    }

    @POST
    @Path("/availability-exceptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @RolesAllowed({Roles.FRONT_DESK, Roles.ADMIN})
    @Operation(summary = "Block time", description = "Idempotency-Key required. A practitioner's blocked time, or a location's holiday when no "
            + "practitioner is given. Existing appointments are not moved.")
    public Response block(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ExceptionRequest request) {
        AvailabilityException x = setup.block(mapper.toEntity(request));
        return Answers.created("/api/v1/availability-exceptions/" + x.id, 0L, mapper.toView(x));
    }
}
