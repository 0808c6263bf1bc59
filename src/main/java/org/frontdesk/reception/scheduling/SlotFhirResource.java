package org.frontdesk.reception.scheduling;

import jakarta.inject.Inject;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.fhir.FhirCapabilitySource;
import org.frontdesk.reception.fhir.FhirMediaTypes;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScope;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /fhir/Slot}: a schedule's time, computed from hours, exceptions and appointments rather
 * than stored. A slot's id names its schedule and instants, so reading it again tells its status
 * now: {@code busy} once booked, {@code free} again after a cancellation. Search needs a
 * {@code schedule}; with an {@code appointment-type} the free time comes as bookable slots of
 * that visit type, otherwise as the longest free stretches.
 */
@Path("/fhir/Slot")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class SlotFhirResource implements FhirCapabilitySource {

    /** A search without a {@code start} range covers this many days from the start of today. */
    private static final int DEFAULT_DAYS = 7;
    private static final Set<String> STATUSES = Set.of("free", "busy", "busy-tentative", "busy-unavailable");

    @Inject Clock clock;
    @Inject SchedulingSetupService setup;
    @Inject Availability availability;
    @Inject SchedulingFhirMapper mapper;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("Slot", null, List.of("read", "search-type"), false,
                List.of(new ResourceCapability.SearchParam("schedule", "reference", "Schedule/<id>; required"),
                        new ResourceCapability.SearchParam("start", "date",
                                "ge/gt/le/lt date or dateTime; default the next 7 days"),
                        new ResourceCapability.SearchParam("status", "token", "free, busy, busy-tentative, busy-unavailable"),
                        new ResourceCapability.SearchParam("appointment-type", "token",
                                SchedulingFhirMapper.VISIT_TYPE + "|<code>: free slots sized for that visit type")),
                List.of());
    }

    @GET
    @Path("/{id}")
    @SmartScope(resource = "Slot", interaction = 'r')
    public org.hl7.fhir.r4.model.Slot read(@PathParam("id") String id) {
        String[] parts = id.split("\\.");
        Instant start;
        Instant end;
        UUID scheduleId;
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException();
            }
            scheduleId = UUID.fromString(parts[0]);
            start = Instant.ofEpochSecond(Long.parseLong(parts[1]));
            end = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw ProblemException.notFound("Slot", id);
        }
        if (!end.isAfter(start) || Duration.between(start, end).toDays() > 1) {
            throw ProblemException.notFound("Slot", id);
        }
        Schedule s = setup.schedule(scheduleId);
        Location location = setup.location(s.locationId);
        return mapper.toFhir(s.id, new Availability.Block(start, end,
                availability.occupancy(s.practitionerId, location, start, end)), null);
    }

    @GET
    @SmartScope(resource = "Slot", interaction = 's')
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, Set.of("schedule", "start", "status", "appointment-type"));
        String scheduleRef = params.getFirst("schedule");
        if (scheduleRef == null || scheduleRef.isBlank()) {
            throw ProblemException.badRequest("schedule", "Slot search needs schedule=Schedule/<id> (see /fhir/Schedule).");
        }
        String rawId = scheduleRef.startsWith("Schedule/") ? scheduleRef.substring(9) : scheduleRef;
        Schedule schedule = setup.findSchedule(FhirSearch.uuidOrNone(rawId)).orElse(null);
        int count = FhirSearch.count(params.getFirst("_count"), 50, 500);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        if (schedule == null) {
            return FhirSearch.searchset(new PageResult<>(List.<org.hl7.fhir.r4.model.Slot>of(), offset, count, 0),
                    s -> s, "Slot", uri);
        }
        Location location = setup.location(schedule.locationId);
        ZoneId zone = location.zone();
        Instant from = null;
        Instant to = null;
        for (String raw : params.getOrDefault("start", List.of())) {
            FhirSearch.InstantRange r = FhirSearch.instants("start", raw);
            from = r.from() == null ? from : r.from();
            to = r.to() == null ? to : r.to();
        }
        if (from == null) {
            from = to == null ? LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant()
                    : to.minus(Duration.ofDays(DEFAULT_DAYS));
        }
        if (to == null) {
            to = from.plus(Duration.ofDays(DEFAULT_DAYS));
        }
        Set<String> statuses = new java.util.HashSet<>();
        for (String raw : params.getOrDefault("status", List.of())) {
            for (String st : raw.split(",")) {
                if (!STATUSES.contains(st.trim())) {
                    throw ProblemException.badRequest("status", "status must be free, busy, busy-tentative or busy-unavailable.");
                }
                statuses.add(st.trim());
            }
        }
        VisitType type = visitType(params.getFirst("appointment-type"));

        List<Availability.Block> blocks = new ArrayList<>(availability.blocks(schedule.practitionerId, location, from, to));
        if (type != null) {
            blocks.removeIf(b -> b.occupancy() == Availability.Occupancy.FREE);
            Instant notBefore = from.isAfter(clock.instant()) ? from : clock.instant();
            Instant until = to;
            availability.freeSlots(location, type, schedule.practitionerId, from.atZone(zone).toLocalDate(),
                            to.minusNanos(1).atZone(zone).toLocalDate(), notBefore, Integer.MAX_VALUE).stream()
                    .filter(s -> !s.end().isAfter(until))
                    .forEach(s -> blocks.add(new Availability.Block(s.start(), s.end(), Availability.Occupancy.FREE)));
            blocks.sort(Comparator.comparing(Availability.Block::start).thenComparing(Availability.Block::end));
        }
        List<org.hl7.fhir.r4.model.Slot> all = blocks.stream()
                .map(b -> mapper.toFhir(schedule.id, b, b.occupancy() == Availability.Occupancy.FREE ? type : null))
                .filter(s -> statuses.isEmpty() || statuses.contains(s.getStatus().toCode()))
                .toList();
        List<org.hl7.fhir.r4.model.Slot> page = count == 0 ? List.of()
                : all.subList(Math.min(offset, all.size()), Math.min(offset + count, all.size()));
        return FhirSearch.searchset(new PageResult<>(page, offset, count, all.size()), s -> s, "Slot", uri);
    }

    private VisitType visitType(String raw) {
        if (raw == null) {
            return null;
        }
        FhirSearch.TokenParam t = FhirSearch.tokens(raw).get(0);
        if (t.system() != null && !t.system().equals(SchedulingFhirMapper.VISIT_TYPE)) {
            throw ProblemException.badRequest("appointment-type", "appointment-type must be a code of "
                    + SchedulingFhirMapper.VISIT_TYPE + ".");
        }
        VisitType type = setup.visitTypeByCode(t.value()).orElse(null);
        if (type == null) {
            throw ProblemException.badRequest("appointment-type", "No visit type with code " + t.value() + ".");
        }
        return type;
    }
}
