package org.frontdesk.reception.fhir;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.security.AuditEvent;
import org.frontdesk.reception.security.AuditQuery;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Resource;

import java.util.Set;
import java.util.UUID;

/** AuditEvent on the FHIR face: the audit trail, searchable by patient, agent and date. */
@ApplicationScoped
class AuditEventFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("AuditEvent")
            .interactions(Interaction.READ, Interaction.SEARCH)
            .param("patient", "reference", "Patient/<id> or <id>")
            .param("agent", "reference", "Token subject of the caller")
            .param("date", "date", "ge/gt/le/lt/eq with a date")
            .build();

    @Inject AuditQuery audit;
    @Inject AuditEventFhirMapper mapper;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public Set<String> roles(Interaction interaction) {
        return Set.of(Roles.ADMIN); // the trail holds every caller's searches and staff identities: admins only
    }

    @Override
    public FhirRecord read(String id) {
        AuditEvent e;
        try {
            e = audit.get(Long.parseLong(id));
        } catch (NumberFormatException ex) {
            e = null;
        }
        if (e == null) {
            throw ProblemException.notFound("AuditEvent", id);
        }
        return new FhirRecord(mapper.toFhir(e), 0, null, e.patientId);
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        UUID patient = q.reference("patient", "Patient");
        FhirSearch.InstantRange date = FhirSearch.instants("date", q.all("date"));
        return audit.find(patient, q.first("agent"), date == null ? null : date.from(), date == null ? null : date.to(),
                q.offset(), q.count()).map(e -> new FhirRecord(mapper.toFhir(e), 0, null, e.patientId));
    }

    @Override
    public UUID patientOf(Resource resource) {
        return null;
    }
}
