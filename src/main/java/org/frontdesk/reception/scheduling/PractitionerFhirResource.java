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

/** Practitioner on the FHIR face: the practice's directory, published and kept by the EHR (conditional by NPI). */
@ApplicationScoped
class PractitionerFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Practitioner")
            .interactions(Interaction.READ, Interaction.VREAD, Interaction.HISTORY_INSTANCE, Interaction.HISTORY_TYPE,
                    Interaction.CREATE, Interaction.UPDATE, Interaction.PATCH, Interaction.SEARCH)
            .conditional(true)
            .common("_lastUpdated", "family")
            .param("identifier", "token", "NPI: " + SchedulingFhirMapper.NPI_SYSTEM + "|<npi>")
            .param("name", "string", "Start of the family or given name")
            .revInclude("PractitionerRole:practitioner", "Appointment:practitioner")
            .build();

    @Inject SchedulingFhirMapper mapper;
    @Inject SchedulingSetupService setup;

    @Override
    public Map<String, String> elements() {
        return Map.of("/npi", "Practitioner.identifier", "/family", "Practitioner.name");
    }

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(setup.practitioner(FhirSearch.id(id, "Practitioner")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        return setup.searchPractitioners(FhirSearch.token(q.first("identifier"), SchedulingFhirMapper.NPI_SYSTEM),
                q.first("name"), q.criteria(), q.offset(), q.count()).map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        Practitioner p = new Practitioner();
        mapper.update((org.hl7.fhir.r4.model.Practitioner) body, p);
        return record(setup.addPractitioner(p));
    }

    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        return record(setup.updatePractitioner(FhirSearch.id(id, "Practitioner"), ifMatch,
                p -> mapper.update((org.hl7.fhir.r4.model.Practitioner) body, p)));
    }

    @Override
    public FhirRecord versionOf(Object entity) {
        return entity instanceof Practitioner p ? record(p) : null;
    }

    private FhirRecord record(Practitioner p) {
        return new FhirRecord(mapper.toFhir(p), p.version, p.updatedAt, null);
    }
}
