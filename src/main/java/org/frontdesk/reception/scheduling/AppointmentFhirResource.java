package org.frontdesk.reception.scheduling;

import jakarta.inject.Inject;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.fhir.FhirCapabilitySource;
import org.frontdesk.reception.fhir.FhirMediaTypes;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScope;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /fhir/Appointment}: read, search ({@code date}, {@code status}, {@code actor},
 * {@code patient}, {@code practitioner}, {@code location}), {@code $find}, which answers free
 * slots as proposed Appointments, {@code $hold} and {@code $book}.
 */
@Path("/fhir/Appointment")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class AppointmentFhirResource implements FhirCapabilitySource {

    private static final Set<String> SEARCH = Set.of("date", "status", "actor", "patient", "practitioner", "location");

    @Inject AppointmentService appointments;
    @Inject SchedulingSetupService setup;
    @Inject Availability availability;
    @Inject SchedulingFhirMapper mapper;
    @Inject Clock clock;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("Appointment", null, List.of("read", "search-type"), false,
                List.of(new ResourceCapability.SearchParam("date", "date", "Start: eq/ge/gt/le/lt"),
                        new ResourceCapability.SearchParam("status", "token", "FHIR appointment status"),
                        new ResourceCapability.SearchParam("actor", "reference", "Patient/, Practitioner/ or Location/<id>"),
                        new ResourceCapability.SearchParam("patient", "reference", "Patient/<id>"),
                        new ResourceCapability.SearchParam("practitioner", "reference", "Practitioner/<id>"),
                        new ResourceCapability.SearchParam("location", "reference", "Location/<id>")),
                List.of(new ResourceCapability.Operation("find",
                                "http://hl7.org/fhir/uv/scheduling/OperationDefinition/appointment-find"),
                        new ResourceCapability.Operation("hold",
                                "http://hl7.org/fhir/uv/scheduling/OperationDefinition/appointment-hold"),
                        new ResourceCapability.Operation("book",
                                "http://hl7.org/fhir/uv/scheduling/OperationDefinition/appointment-book")));
    }

    @GET
    @Path("/{id}")
    @SmartScope(resource = "Appointment", interaction = 'r')
    @Audited(resource = "Appointment", action = AuditAction.READ)
    public Response read(@PathParam("id") String id) {
        Appointment a = appointments.get(FhirSearch.id(id, "Appointment"));
        return Response.ok(mapper.toFhir(a, setup.visitType(a.visitTypeId)))
                .header(HttpHeaders.ETAG, ETags.of(a.version)).build();
    }

    @GET
    @SmartScope(resource = "Appointment", interaction = 's')
    @Audited(resource = "Appointment", action = AuditAction.SEARCH)
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, SEARCH);
        FhirSearch.InstantRange date = FhirSearch.instants("date", params.get("date"));
        String status = params.getFirst("status");
        if (status != null) {
            try {
                AppointmentStatus.fromCode(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status", "status must be a FHIR appointment status code.");
            }
        }
        UUID patient = FhirSearch.referenced(params.getFirst("patient"), "Patient");
        UUID practitioner = FhirSearch.referenced(params.getFirst("practitioner"), "Practitioner");
        UUID location = FhirSearch.referenced(params.getFirst("location"), "Location");
        String actor = params.getFirst("actor");
        if (actor != null) {
            String type = actor.contains("/") ? actor.substring(0, actor.indexOf('/')) : "";
            UUID id = FhirSearch.referenced(actor, type);
            switch (type) {
                case "Patient" -> patient = both(patient, id);
                case "Practitioner" -> practitioner = both(practitioner, id);
                case "Location" -> location = both(location, id);
                default -> throw ProblemException.badRequest("actor", "actor must be Patient/, Practitioner/ or Location/<id>.");
            }
        }
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        PageResult<Appointment> page = appointments.search(new AppointmentService.Search(
                date == null ? null : date.from(), date == null ? null : date.to(),
                status == null ? null : AppointmentStatus.fromCode(status), patient, practitioner, location), offset, count);
        return FhirSearch.searchset(page, a -> mapper.toFhir(a, setup.visitType(a.visitTypeId)), "Appointment", uri);
    }

    /**
     * {@code Appointment/$find}: free times as proposed Appointments, earliest first.
     * Parameters: {@code start}, {@code end} (dates), {@code location}, {@code visit-type} (our code),
     * optional {@code practitioner}, {@code _count}.
     */
    @GET
    @Path("/$find")
    @SmartScope(resource = "Appointment", interaction = 's')
    public Bundle find(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, Set.of("start", "end", "location", "practitioner", "visit-type"));
        String start = required(params, "start");
        String end = required(params, "end");
        LocalDate from = FhirSearch.date("start", start).from();
        LocalDate to = FhirSearch.date("end", end).to();
        Location location = setup.location(FhirSearch.id(strip(required(params, "location"), "Location"), "Location"));
        String code = required(params, "visit-type");
        VisitType type = setup.visitTypeByCode(code).orElse(null);
        if (type == null) {
            throw ProblemException.badRequest("visit-type", "No visit type with code " + code + ".");
        }
        String practitioner = params.getFirst("practitioner");
        UUID practitionerId = practitioner == null ? null : FhirSearch.id(strip(practitioner, "Practitioner"), "Practitioner");
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        List<Appointment> proposed = availability.freeSlots(location, type, practitionerId, from, to,
                clock.instant(), count).stream().map(s -> {
                    Appointment a = new Appointment();
                    a.status = AppointmentStatus.PROPOSED.code();
                    a.practitionerId = s.practitionerId();
                    a.locationId = s.locationId();
                    a.visitTypeId = s.visitTypeId();
                    a.startsAt = s.start();
                    a.endsAt = s.end();
                    return a;
                }).toList();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(proposed.size());
        for (Appointment a : proposed) {
            bundle.addEntry().setResource(mapper.toFhir(a, type)).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    /**
     * {@code Appointment/$hold}: takes an {@code appointment} parameter (e.g. one {@code $find}
     * proposed) and holds its time; the answer is the pending Appointment, with the hold token as
     * an identifier that {@code $book} needs.
     */
    @POST
    @Path("/$hold")
    @Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    @Transactional
    @SmartScope(resource = "Appointment", interaction = 'c')
    @Audited(resource = "Appointment", action = AuditAction.CREATE)
    public Response hold(@NotNull(message = ExceptionMappers.BODY_REQUIRED) Parameters parameters) {
        Requested r = requested(parameters, false);
        Appointment h = appointments.hold(r.practitioner(), r.location(), r.type().id, r.start());
        return Response.status(201).entity(mapper.toFhir(h, r.type())).header(HttpHeaders.ETAG, ETags.of(h.version))
                .build();
    }

    /**
     * {@code Appointment/$book}: books the {@code appointment} parameter for the Patient among its
     * participants; a held time needs the hold token identifier {@code $hold} returned.
     */
    @POST
    @Path("/$book")
    @Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    @Transactional
    @SmartScope(resource = "Appointment", interaction = 'c')
    @Audited(resource = "Appointment", action = AuditAction.CREATE)
    public Response book(@NotNull(message = ExceptionMappers.BODY_REQUIRED) Parameters parameters) {
        Requested r = requested(parameters, true);
        Appointment a = appointments.book(new AppointmentService.Booking(r.patient(), r.practitioner(), r.location(),
                r.type().id, r.start(), r.holdToken(), null, r.comment()));
        return Response.status(201).entity(mapper.toFhir(a, r.type())).header(HttpHeaders.ETAG, ETags.of(a.version))
                .build();
    }

    /** What an {@code appointment} parameter asks for. */
    private record Requested(UUID patient, UUID practitioner, UUID location, VisitType type, Instant start,
                             String holdToken, String comment) {
    }

    private Requested requested(Parameters parameters, boolean needsPatient) {
        var param = parameters.getParameter("appointment");
        if (param == null || !(param.getResource() instanceof org.hl7.fhir.r4.model.Appointment fhir)) {
            throw ProblemException.badRequest("The operation needs an 'appointment' parameter holding an Appointment.",
                    List.of(new FieldError("Parameters.parameter.where(name='appointment')", "an Appointment is required")));
        }
        UUID patient = null;
        UUID practitioner = null;
        UUID location = null;
        for (var p : fhir.getParticipant()) {
            String ref = p.getActor().getReference();
            if (ref == null) {
                continue;
            }
            if (ref.startsWith("Patient/")) {
                patient = FhirSearch.uuidOrNone(ref.substring(8));
            } else if (ref.startsWith("Practitioner/")) {
                practitioner = FhirSearch.uuidOrNone(ref.substring(13));
            } else if (ref.startsWith("Location/")) {
                location = FhirSearch.uuidOrNone(ref.substring(9));
            }
        }
        List<FieldError> errors = new ArrayList<>();
        if (practitioner == null) {
            errors.add(new FieldError("Appointment.participant", "a Practitioner participant is required"));
        }
        if (location == null) {
            errors.add(new FieldError("Appointment.participant", "a Location participant is required"));
        }
        if (needsPatient && patient == null) {
            errors.add(new FieldError("Appointment.participant", "a Patient participant is required"));
        }
        if (!fhir.hasStart()) {
            errors.add(new FieldError("Appointment.start", "the start is required"));
        }
        String code = fhir.getAppointmentType().getCoding().stream()
                .filter(c -> SchedulingFhirMapper.VISIT_TYPE.equals(c.getSystem())).map(c -> c.getCode())
                .findFirst().orElse(null);
        VisitType type = code == null ? null : setup.visitTypeByCode(code).orElse(null);
        if (type == null) {
            errors.add(new FieldError("Appointment.appointmentType",
                    "a coding of " + SchedulingFhirMapper.VISIT_TYPE + " naming a known visit type is required"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.get(0).detail(), errors);
        }
        String token = fhir.getIdentifier().stream().filter(i -> SchedulingFhirMapper.HOLD_TOKEN.equals(i.getSystem()))
                .map(i -> i.getValue()).findFirst().orElse(null);
        return new Requested(patient, practitioner, location, type, fhir.getStart().toInstant(), token,
                fhir.getComment());
    }

    /** Two conditions on one reference: the id when they agree, else an id nothing has. */
    private static UUID both(UUID given, UUID actor) {
        return given == null || given.equals(actor) ? actor : new UUID(0, 0);
    }

    private static String strip(String reference, String type) {
        return reference.startsWith(type + "/") ? reference.substring(type.length() + 1) : reference;
    }

    private static String required(MultivaluedMap<String, String> params, String name) {
        String v = params.getFirst(name);
        if (v == null || v.isBlank()) {
            throw ProblemException.badRequest(name, "Parameter " + name + " is required.");
        }
        return v;
    }
}
