package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.shared.PageResult;
import org.hl7.fhir.r4.model.Resource;

import java.util.Map;

/** Location on the FHIR face: where the practice sees patients, its IANA zone (timezone extension) and hours. */
@ApplicationScoped
class LocationFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Location")
            .interactions(Interaction.READ, Interaction.VREAD, Interaction.HISTORY_INSTANCE, Interaction.HISTORY_TYPE,
                    Interaction.CREATE, Interaction.UPDATE, Interaction.PATCH, Interaction.SEARCH)
            .conditional(true)
            .common("_lastUpdated", "name")
            .param("name", "string", "Start of a word of the name")
            .param("address-city", "string", "The city, case ignored")
            .param("identifier", "token", "system|value")
            .revInclude("PractitionerRole:location", "Appointment:location")
            .build();

    @Inject SchedulingFhirMapper mapper;
    @Inject SchedulingSetupService setup;

    @Override
    public Map<String, String> elements() {
        return Map.of("/timeZone", "Location.extension", "/hours", "Location.hoursOfOperation");
    }

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(setup.location(FhirSearch.id(id, "Location")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        String system = null;
        String value = null;
        if (q.first("identifier") != null) {
            FhirSearch.TokenParam t = FhirSearch.tokens(q.first("identifier")).get(0);
            system = t.system();
            value = t.value() == null ? "" : t.value();
        }
        return setup.searchLocations(q.first("name"), q.first("address-city"), system, value, q.criteria(), q.offset(),
                q.count()).map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        Location l = new Location();
        mapper.update((org.hl7.fhir.r4.model.Location) body, l);
        return record(setup.addLocation(l));
    }

    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        return record(setup.updateLocation(FhirSearch.id(id, "Location"), ifMatch,
                l -> mapper.update((org.hl7.fhir.r4.model.Location) body, l)));
    }

    @Override
    public FhirRecord versionOf(Object entity) {
        return entity instanceof Location l ? record(l) : null;
    }

    private FhirRecord record(Location l) {
        return new FhirRecord(mapper.toFhir(l), l.version, l.updatedAt, null);
    }
}
