package org.frontdesk.reception.scheduling;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotency;
import org.frontdesk.reception.shared.StoredResponse;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /api/v1}: the scheduling set-up the practice keeps (administrators) and the desk reads:
 * locations, practitioners and their weekly hours, visit types, and blocked time.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Scheduling set-up", description = "Locations, practitioners, hours, visit types, blocked time")
public class SchedulingSetupResource {

    private final SchedulingSetupService setup;
    private final SchedulingMapper mapper;
    private final Idempotency idempotency;
    private final Caller caller;

    public SchedulingSetupResource(SchedulingSetupService setup, SchedulingMapper mapper, Idempotency idempotency,
                                   Caller caller) {
        this.setup = setup;
        this.mapper = mapper;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    /** What a create made: its id and version, and the view to answer with. */
    private record Made(UUID id, long version, Object view) {
    }

    private Response created(String key, String operation, Object request, String path, Supplier<Made> work) {
        return idempotency.once(key, true, caller.clientId(), operation, request, () -> {
            Made made = work.get();
            return new StoredResponse(201, path + "/" + made.id(), ETags.of(made.version()),
                    idempotency.toJson(made.view()));
        });
    }

    @POST
    @Path("/locations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a practice location")
    public Response addLocation(@HeaderParam(Idempotency.HEADER) String key,
                                @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid LocationRequest request) {
        return created(key, "POST /api/v1/locations", request, "/api/v1/locations", () -> {
            Location l = setup.addLocation(mapper.toEntity(request));
            return new Made(l.id, l.version, mapper.toView(l));
        });
    }

    @GET
    @Path("/locations")
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "List locations")
    public List<LocationView> locations() {
        return Location.<Location>list("order by name").stream().map(mapper::toView).toList();
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
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a practitioner", description = "The NPI must be unique and pass its check digit.")
    public Response addPractitioner(@HeaderParam(Idempotency.HEADER) String key,
                                    @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid PractitionerRequest request) {
        return created(key, "POST /api/v1/practitioners", request, "/api/v1/practitioners", () -> {
            Practitioner p = setup.addPractitioner(mapper.toEntity(request));
            return new Made(p.id, p.version, mapper.toView(p));
        });
    }

    @GET
    @Path("/practitioners")
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "List practitioners")
    public List<PractitionerView> practitioners() {
        return Practitioner.<Practitioner>list("order by family, given").stream().map(mapper::toView).toList();
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
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add weekly hours of a practitioner at a location")
    public Response addHours(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key,
                             @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid AvailabilityRequest request) {
        return created(key, "POST /api/v1/practitioners/" + id + "/availability", request,
                "/api/v1/practitioners/" + id + "/availability", () -> {
                    AvailabilityTemplate t = setup.addHours(id, mapper.toEntity(request));
                    return new Made(t.id, t.version, mapper.toView(t));
                });
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
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a visit type", description = "Duration and the buffers before and after, in minutes.")
    public Response addVisitType(@HeaderParam(Idempotency.HEADER) String key,
                                 @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid VisitTypeRequest request) {
        return created(key, "POST /api/v1/visit-types", request, "/api/v1/visit-types", () -> {
            VisitType v = setup.addVisitType(mapper.toEntity(request));
            return new Made(v.id, v.version, mapper.toView(v));
        });
    }

    @GET
    @Path("/visit-types")
    @RolesAllowed({Roles.FRONT_DESK, Roles.BILLING, Roles.ADMIN})
    @Operation(summary = "List visit types")
    public List<VisitTypeView> visitTypes() {
        return VisitType.<VisitType>list("order by name").stream().map(mapper::toView).toList();
    }

    @POST
    @Path("/availability-exceptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed({Roles.FRONT_DESK, Roles.ADMIN})
    @Operation(summary = "Block time", description = "A practitioner's blocked time, or a location's holiday when no "
            + "practitioner is given. Existing appointments are not moved.")
    public Response block(@HeaderParam(Idempotency.HEADER) String key,
                          @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ExceptionRequest request) {
        return created(key, "POST /api/v1/availability-exceptions", request, "/api/v1/availability-exceptions", () -> {
            AvailabilityException x = setup.block(mapper.toEntity(request));
            return new Made(x.id, 0L, mapper.toView(x));
        });
    }
}
