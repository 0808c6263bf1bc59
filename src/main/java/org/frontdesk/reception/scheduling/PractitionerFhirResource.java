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
import org.frontdesk.reception.shared.SearchText;
import org.hl7.fhir.r4.model.Bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code /fhir/Practitioner}: read, and search by NPI identifier or name. */
@Path("/fhir/Practitioner")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class PractitionerFhirResource implements FhirCapabilitySource {

    @Inject SchedulingFhirMapper mapper;
    @Inject SchedulingSetupService setup;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("Practitioner", null, List.of("read", "search-type"), false,
                List.of(new ResourceCapability.SearchParam("identifier", "token", "NPI: http://hl7.org/fhir/sid/us-npi|<npi>"),
                        new ResourceCapability.SearchParam("name", "string", "Start of the family or given name")),
                List.of());
    }

    @GET
    @Path("/{id}")
    @SmartScope(resource = "Practitioner", interaction = 'r')
    public org.hl7.fhir.r4.model.Practitioner read(@PathParam("id") String id) {
        return mapper.toFhir(setup.practitioner(FhirSearch.id(id, "Practitioner")));
    }

    @GET
    @SmartScope(resource = "Practitioner", interaction = 's')
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, Set.of("identifier", "name"));
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        PageResult<Practitioner> page = setup.searchPractitioners(
                FhirSearch.token(params.getFirst("identifier"), SchedulingFhirMapper.NPI_SYSTEM), params.getFirst("name"),
                offset, count);
        return FhirSearch.searchset(page, mapper::toFhir, "Practitioner", uri);
    }
}
