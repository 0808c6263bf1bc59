package org.frontdesk.reception.fhir;

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
import org.frontdesk.reception.security.AuditEvent;
import org.frontdesk.reception.security.AuditQuery;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScope;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /fhir/AuditEvent}: the audit trail as FHIR, searchable by patient, agent and date. */
@Path("/fhir/AuditEvent")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed({Roles.ADMIN, Roles.EHR_SYSTEM})
public class AuditEventFhirResource implements FhirCapabilitySource {

    private static final Set<String> SEARCH_PARAMS = Set.of("patient", "agent", "date");

    @Inject AuditQuery audit;
    @Inject AuditEventFhirMapper mapper;

    /** Public: it feeds the CapabilityStatement, which clients read before they authenticate. */
    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("AuditEvent", null, List.of("read", "search-type"), false,
                List.of(new ResourceCapability.SearchParam("patient", "reference", "Patient/<id> or <id>"),
                        new ResourceCapability.SearchParam("agent", "reference", "Token subject of the caller"),
                        new ResourceCapability.SearchParam("date", "date", "ge/gt/le/lt/eq with a date")),
                List.of());
    }

    @GET
    @Path("/{id}")
    @SmartScope(resource = "AuditEvent", interaction = 'r')
    public org.hl7.fhir.r4.model.AuditEvent read(@PathParam("id") String id) {
        AuditEvent e;
        try {
            e = audit.get(Long.parseLong(id));
        } catch (NumberFormatException ex) {
            e = null;
        }
        if (e == null) {
            throw ProblemException.notFound("AuditEvent", id);
        }
        return mapper.toFhir(e);
    }

    @GET
    @SmartScope(resource = "AuditEvent", interaction = 's')
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, SEARCH_PARAMS);
        UUID patient = FhirSearch.referenced(params.getFirst("patient"), "Patient");
        FhirSearch.InstantRange date = FhirSearch.instants("date", params.get("date"));
        Instant from = date == null ? null : date.from();
        Instant to = date == null ? null : date.to();
        int count = FhirSearch.count(params.getFirst("_count"), 50, 500);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        PageResult<AuditEvent> page = audit.find(patient, params.getFirst("agent"), from, to, offset, count);
        return FhirSearch.searchset(page, mapper::toFhir, "AuditEvent", uri);
    }
}
