package org.frontdesk.reception.scheduling;

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

    private final SchedulingFhirMapper mapper;
    private final SchedulingSetupService setup;

    public PractitionerFhirResource(SchedulingFhirMapper mapper, SchedulingSetupService setup) {
        this.mapper = mapper;
        this.setup = setup;
    }

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
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        String identifier = params.getFirst("identifier");
        if (identifier != null) {
            FhirSearch.TokenParam t = FhirSearch.tokens(identifier).get(0);
            if (t.system() != null && !t.system().equals(SchedulingFhirMapper.NPI_SYSTEM)) {
                where.add("false = true");
            } else {
                args.add(t.value());
                where.add("npi = ?" + args.size());
            }
        }
        String name = params.getFirst("name");
        if (name != null && SearchText.name(name) != null) {
            args.add(SearchText.likePrefix(SearchText.name(name)));
            where.add("(lower(family) like ?" + args.size() + " or lower(given) like ?" + args.size() + ")");
        }
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        String query = (where.isEmpty() ? "true = true" : String.join(" and ", where)) + " order by family, given, id";
        var found = Practitioner.<Practitioner>find(query, args.toArray());
        long total = found.count();
        List<Practitioner> items = count == 0 ? List.of() : found.range(offset, offset + count - 1).list();
        return FhirSearch.searchset(new PageResult<>(items, offset, count, total), mapper::toFhir, "Practitioner", uri);
    }
}
