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
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /fhir/Schedule}: a practitioner's schedule at a location (one per pair with weekly
 * hours), read and search by {@code actor} and {@code active}. Its time is on {@code /fhir/Slot}.
 */
@Path("/fhir/Schedule")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class ScheduleFhirResource implements FhirCapabilitySource {

    @Inject SchedulingSetupService setup;
    @Inject SchedulingFhirMapper mapper;
    @Inject SchedulingConfig config;
    @Inject Clock clock;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("Schedule", null, List.of("read", "search-type"), false,
                List.of(new ResourceCapability.SearchParam("actor", "reference", "Practitioner/ or Location/<id>"),
                        new ResourceCapability.SearchParam("active", "token", "true or false")),
                List.of());
    }

    @GET
    @Path("/{id}")
    @SmartScope(resource = "Schedule", interaction = 'r')
    public org.hl7.fhir.r4.model.Schedule read(@PathParam("id") String id) {
        return toFhir(setup.schedule(FhirSearch.id(id, "Schedule")));
    }

    @GET
    @SmartScope(resource = "Schedule", interaction = 's')
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, Set.of("actor", "active"));
        UUID practitioner = null;
        UUID location = null;
        for (String actor : params.getOrDefault("actor", List.of())) {
            if (actor.startsWith("Practitioner/")) {
                UUID id = FhirSearch.referenced(actor, "Practitioner");
                practitioner = practitioner == null || practitioner.equals(id) ? id : new UUID(0, 0);
            } else if (actor.startsWith("Location/")) {
                UUID id = FhirSearch.referenced(actor, "Location");
                location = location == null || location.equals(id) ? id : new UUID(0, 0);
            } else {
                throw ProblemException.badRequest("actor", "actor must be Practitioner/<id> or Location/<id>.");
            }
        }
        String active = params.getFirst("active");
        if (active != null && !Set.of("true", "false").contains(active)) {
            throw ProblemException.badRequest("active", "active must be true or false.");
        }
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        List<org.hl7.fhir.r4.model.Schedule> all = setup.schedules(practitioner, location).stream()
                .map(this::toFhir)
                .filter(s -> active == null || s.getActive() == Boolean.parseBoolean(active))
                .toList();
        List<org.hl7.fhir.r4.model.Schedule> page = count == 0 ? List.of()
                : all.subList(Math.min(offset, all.size()), Math.min(offset + count, all.size()));
        return FhirSearch.searchset(new PageResult<>(page, offset, count, all.size()), s -> s, "Schedule", uri);
    }

    private org.hl7.fhir.r4.model.Schedule toFhir(Schedule s) {
        Practitioner p = setup.practitioner(s.practitionerId);
        Location l = setup.location(s.locationId);
        LocalDate today = clock.instant().atZone(l.zone()).toLocalDate();
        boolean hours = setup.hasHoursFrom(s.practitionerId, s.locationId, today);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return mapper.toFhir(s, p, l, p.active && l.active && hours, now, now.plus(java.time.Duration.ofDays(
                config.maxSearchDays())));
    }

}
