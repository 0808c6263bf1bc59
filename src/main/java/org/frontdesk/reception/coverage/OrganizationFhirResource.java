package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.fhir.FhirCapabilitySource;
import org.frontdesk.reception.fhir.FhirMediaTypes;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScope;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.SearchText;
import org.hl7.fhir.r4.model.Bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code /fhir/Organization}: the payer directory, read and search by {@code name} and {@code identifier} (payer id). */
@Path("/fhir/Organization")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class OrganizationFhirResource implements FhirCapabilitySource {

    @Inject PayerService payers;
    @Inject CoverageFhirMapper mapper;

    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("Organization", null, List.of("read", "search-type"), false,
                List.of(new ResourceCapability.SearchParam("name", "string", "Start of a word of the payer's name"),
                        new ResourceCapability.SearchParam("identifier", "token",
                                CoverageFhirMapper.PAYER_ID + "|<payer id>")),
                List.of());
    }

    @GET
    @Path("/{id}")
    @SmartScope(resource = "Organization", interaction = 'r')
    public Response read(@PathParam("id") String id) {
        Payer p = payers.get(FhirSearch.id(id, "Organization"));
        return Response.ok(mapper.toFhir(p)).header(HttpHeaders.ETAG, ETags.of(p.version)).build();
    }

    @GET
    @SmartScope(resource = "Organization", interaction = 's')
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, Set.of("name", "identifier"));
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        PageResult<Payer> page = payers.search(FhirSearch.token(params.getFirst("identifier"), CoverageFhirMapper.PAYER_ID),
                params.getFirst("name"), offset, count);
        return FhirSearch.searchset(page, mapper::toFhir, "Organization", uri);
    }
}
