package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirReferences;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.Map;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Schedule on the FHIR face: a practitioner's schedule at a location (one per pair), published
 * and kept by the EHR (actor, planning horizon, active); its time is on {@code /fhir/Slot}.
 */
@ApplicationScoped
class ScheduleFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Schedule")
            .interactions(Interaction.READ, Interaction.CREATE, Interaction.UPDATE, Interaction.SEARCH)
            .common("_lastUpdated")
            .param("actor", "reference", "Practitioner/ or Location/<id>")
            .param("active", "token", "true or false")
            .revInclude("Slot:schedule")
            .build();

    @Inject SchedulingSetupService setup;
    @Inject SchedulingFhirMapper mapper;
    @Inject SchedulingConfig config;
    @Inject Clock clock;

    @Override
    public Map<String, String> elements() {
        return Map.of("/actor", "Schedule.actor", "/planningHorizon", "Schedule.planningHorizon");
    }

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(setup.schedule(FhirSearch.id(id, "Schedule")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        UUID practitioner = null;
        UUID location = null;
        for (String actor : q.all("actor")) {
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
        String active = q.first("active");
        if (active != null && !Set.of("true", "false").contains(active)) {
            throw ProblemException.badRequest("active", "active must be true or false.");
        }
        return setup.searchSchedules(practitioner, location, active == null ? null : Boolean.valueOf(active),
                q.criteria(), q.offset(), q.count()).map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        Schedule s = new Schedule();
        copy((org.hl7.fhir.r4.model.Schedule) body, s);
        return record(setup.addSchedule(s));
    }

    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        return record(setup.updateSchedule(FhirSearch.id(id, "Schedule"), ifMatch,
                s -> copy((org.hl7.fhir.r4.model.Schedule) body, s)));
    }

    private void copy(org.hl7.fhir.r4.model.Schedule f, Schedule s) {
        String practitioner = null;
        String location = null;
        for (Reference actor : f.getActor()) {
            String ref = actor.getReference();
            if (ref != null && ref.startsWith("Practitioner/")) {
                practitioner = ref;
            } else if (ref != null && ref.startsWith("Location/")) {
                location = ref;
            } else {
                throw ProblemException.badRequest("A schedule's actors are one Practitioner and one Location.",
                        List.of(new FieldError("Schedule.actor", "must be Practitioner/<id> or Location/<id>")));
            }
        }
        s.practitionerId = FhirReferences.required(practitioner, "Practitioner", "Schedule.actor", setup::findPractitioner).id;
        s.locationId = FhirReferences.required(location, "Location", "Schedule.actor", setup::findLocation).id;
        s.active = !f.hasActive() || f.getActive();
        s.horizonStart = f.getPlanningHorizon().hasStart() ? f.getPlanningHorizon().getStart().toInstant() : null;
        s.horizonEnd = f.getPlanningHorizon().hasEnd() ? f.getPlanningHorizon().getEnd().toInstant() : null;
        s.comment = f.getComment();
    }

    private FhirRecord record(Schedule s) {
        Practitioner p = setup.practitioner(s.practitionerId);
        Location l = setup.location(s.locationId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant start = s.horizonStart != null ? s.horizonStart : now;
        Instant end = s.horizonEnd != null ? s.horizonEnd : now.plus(Duration.ofDays(config.maxSearchDays()));
        return new FhirRecord(mapper.toFhir(s, p, l, start, end), s.version, s.updatedAt, null);
    }
}
