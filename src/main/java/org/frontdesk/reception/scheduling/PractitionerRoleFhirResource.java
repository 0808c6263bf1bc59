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
import org.frontdesk.reception.shared.PageResult;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.Map;

/** PractitionerRole on the FHIR face: a practitioner at a location with a specialty. */
@ApplicationScoped
class PractitionerRoleFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("PractitionerRole")
            .interactions(Interaction.READ, Interaction.CREATE, Interaction.UPDATE, Interaction.SEARCH)
            .common("_lastUpdated")
            .param("practitioner", "reference", "Practitioner/<id>")
            .param("location", "reference", "Location/<id>")
            .param("specialty", "token", "[system|]code")
            .include("PractitionerRole:practitioner", "PractitionerRole:location")
            .build();

    @Inject SchedulingFhirMapper mapper;
    @Inject SchedulingSetupService setup;
    @Inject PractitionerRoles roles;

    @Override
    public Map<String, String> elements() {
        return Map.of("/practitioner", "PractitionerRole.practitioner");
    }

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(roles.get(FhirSearch.id(id, "PractitionerRole")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        String specialty = q.first("specialty") == null ? null : FhirSearch.tokens(q.first("specialty")).get(0).value();
        return roles.search(q.reference("practitioner", "Practitioner"), q.reference("location", "Location"), specialty,
                q.criteria(), q.offset(), q.count()).map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        PractitionerRole r = new PractitionerRole();
        copy((org.hl7.fhir.r4.model.PractitionerRole) body, r);
        return record(roles.add(r));
    }

    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        return record(roles.update(FhirSearch.id(id, "PractitionerRole"), ifMatch,
                r -> copy((org.hl7.fhir.r4.model.PractitionerRole) body, r)));
    }

    @Override
    public Map<String, Include> includes() {
        return Map.of("practitioner", new Include("Practitioner", r -> List.of(
                        ((org.hl7.fhir.r4.model.PractitionerRole) r).getPractitioner().getReference())),
                "location", new Include("Location", r -> ((org.hl7.fhir.r4.model.PractitionerRole) r).getLocation()
                        .stream().map(Reference::getReference).toList()));
    }

    private void copy(org.hl7.fhir.r4.model.PractitionerRole f, PractitionerRole r) {
        r.practitionerId = FhirReferences.required(f.getPractitioner().getReference(), "Practitioner",
                "PractitionerRole.practitioner", setup::findPractitioner).id;
        r.locationId = f.hasLocation() ? FhirReferences.required(f.getLocationFirstRep().getReference(), "Location",
                "PractitionerRole.location[0]", setup::findLocation).id : null;
        Coding specialty = f.hasSpecialty() ? f.getSpecialtyFirstRep().getCodingFirstRep() : null;
        r.specialtySystem = specialty == null ? null : specialty.getSystem();
        r.specialtyCode = specialty == null ? null : specialty.getCode();
        r.specialtyDisplay = specialty == null ? null : specialty.getDisplay();
        r.active = !f.hasActive() || f.getActive();
    }

    private FhirRecord record(PractitionerRole r) {
        return new FhirRecord(mapper.toFhir(r), r.version, r.updatedAt, null);
    }
}
