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
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Encounter on the FHIR face, read-only: the visit as it happens, opened when the patient arrives
 * or checks in. An EHR searching by {@code _lastUpdated} learns that its patient is here.
 */
@ApplicationScoped
class EncounterFhirResource implements FhirType {

    private static final Set<String> STATUSES = Set.of("arrived", "in-progress", "finished", "cancelled",
            "entered-in-error");
    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Encounter")
            .interactions(Interaction.READ, Interaction.SEARCH)
            .common("_lastUpdated", "date")
            .param("patient", "reference", "Patient/<id>")
            .param("date", "date", "When the visit started: eq/ge/gt/le/lt")
            .param("appointment", "reference", "Appointment/<id>")
            .param("status", "token", "arrived, in-progress, finished, cancelled, entered-in-error")
            .include("Encounter:appointment", "Encounter:patient")
            .build();

    @Inject Encounters encounters;
    @Inject SchedulingFhirMapper mapper;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(encounters.get(FhirSearch.id(id, "Encounter")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        String status = q.first("status");
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.badRequest("status", "status must be one of " + String.join(", ", STATUSES) + ".");
        }
        FhirSearch.InstantRange date = FhirSearch.instants("date", q.all("date"));
        return encounters.search(new Encounters.Search(q.reference("patient", "Patient"),
                q.reference("appointment", "Appointment"), status, date == null ? null : date.from(),
                date == null ? null : date.to()), q.criteria(), q.offset(), q.count()).map(this::record);
    }

    @Override
    public Map<String, Include> includes() {
        return Map.of("appointment", new Include("Appointment", r -> ((org.hl7.fhir.r4.model.Encounter) r)
                        .getAppointment().stream().map(Reference::getReference).toList()),
                "patient", new Include("Patient", r -> List.of(((org.hl7.fhir.r4.model.Encounter) r).getSubject()
                        .getReference())));
    }

    @Override
    public UUID patientOf(Resource resource) {
        return FhirSearch.uuidOrNull(((org.hl7.fhir.r4.model.Encounter) resource).getSubject().getReferenceElement()
                .getIdPart());
    }

    private FhirRecord record(Encounter e) {
        return new FhirRecord(mapper.toFhir(e), e.version, e.updatedAt, e.patientId);
    }
}
