package org.frontdesk.reception.patient;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.frontdesk.reception.fhir.FhirCapabilitySource;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScope;
import org.frontdesk.reception.fhir.FhirMediaTypes;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.fhir.ResourceCapability.SearchParam;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /fhir/Patient}: read, create (conditional with If-None-Exist), update, search and
 * {@code $match} for EHR systems. A plain create is not blocked by likely duplicates (EHRs
 * match on their side); they are flagged for the front desk.
 */
@Path("/fhir/Patient")
@Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@Consumes({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
@RolesAllowed(Roles.EHR_SYSTEM)
public class PatientFhirResource implements FhirCapabilitySource {

    static final Set<String> SEARCH_PARAMS = Set.of("family", "given", "name", "birthdate", "identifier", "telecom",
            "phone", "email", "gender");
    private static final String MATCH_GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";

    @Inject PatientService service;
    @Inject PatientFhirMapper mapper;
    @Inject PatientConfig config;

    /** Public: it feeds the CapabilityStatement, which clients read before they authenticate. */
    @Override
    @PermitAll
    public ResourceCapability capability() {
        return new ResourceCapability("Patient", null,
                List.of("read", "create", "update", "search-type"), true,
                List.of(new SearchParam("family", "string", "Start of a family name, case and accents ignored"),
                        new SearchParam("given", "string", "Start of a given name"),
                        new SearchParam("name", "string", "Each word starts a word of any name part"),
                        new SearchParam("birthdate", "date", "eq/ne/gt/lt/ge/le with a full or partial date"),
                        new SearchParam("identifier", "token", "system|value, |value or value; includes our MRN"),
                        new SearchParam("telecom", "token", "Phone (any punctuation) or e-mail"),
                        new SearchParam("phone", "token", "Phone number, any punctuation"),
                        new SearchParam("email", "token", "E-mail address, case ignored"),
                        new SearchParam("gender", "token", "male, female, other, unknown")),
                List.of(new ResourceCapability.Operation("match",
                        "http://hl7.org/fhir/OperationDefinition/Patient-match")));
    }

    @SmartScope(resource = "Patient", interaction = 'r')
    @Audited(resource = "Patient", action = AuditAction.READ)
    @GET
    @Path("/{id}")
    public Response read(@PathParam("id") String id) {
        return withHeaders(Response.ok(), service.get(FhirSearch.id(id, "Patient"))).build();
    }

    @SmartScope(resource = "Patient", interaction = 'c')
    @Audited(resource = "Patient", action = AuditAction.CREATE)
    @POST
    @Transactional
    public Response create(@NotNull(message = ExceptionMappers.BODY_REQUIRED) org.hl7.fhir.r4.model.Patient body,
                           @HeaderParam("If-None-Exist") String ifNoneExist,
                           @HeaderParam("Prefer") String prefer,
                           @Context UriInfo uri) {
        Patient draft = mapper.toEntity(body);
        if (ifNoneExist != null && !ifNoneExist.isBlank()) {
            String criteria = ifNoneExist.startsWith("Patient?") ? ifNoneExist.substring(8) : ifNoneExist;
            PatientService.ConditionalCreate outcome = service.createFromEhrIfNoneExist(draft,
                    query(parseQuery(criteria)), criteria);
            if (!outcome.created()) {
                return answer(Response.ok().header("Content-Location", uri.getBaseUriBuilder()
                        .path("fhir/Patient/{id}").build(outcome.patient().id)), outcome.patient(), prefer);
            }
            return created(outcome.patient(), prefer, uri);
        }
        return created(service.createFromEhr(draft), prefer, uri);
    }

    @SmartScope(resource = "Patient", interaction = 'u')
    @Audited(resource = "Patient", action = AuditAction.UPDATE)
    @PUT
    @Path("/{id}")
    @Transactional
    public Response update(@PathParam("id") String id,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) org.hl7.fhir.r4.model.Patient body,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @HeaderParam("Prefer") String prefer) {
        UUID uuid = FhirSearch.id(id, "Patient");
        if (!body.hasIdElement() || !id.equals(body.getIdElement().getIdPart())) {
            throw ProblemException.badRequest("The resource's id must equal the id in the URL.",
                    List.of(new FieldError("Patient.id", "must be " + id)));
        }
        Patient updated = service.update(uuid, ifMatch, false, p -> mapper.update(body, p));
        return answer(Response.ok(), updated, prefer);
    }

    @SmartScope(resource = "Patient", interaction = 's')
    @Audited(resource = "Patient", action = AuditAction.SEARCH)
    @GET
    public Bundle search(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        FhirSearch.rejectUnknown(params, SEARCH_PARAMS);
        int count = FhirSearch.count(params.getFirst("_count"), config.defaultPageSize(), config.maxPageSize());
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        PageResult<Patient> page = service.search(query(params), offset, count);
        return FhirSearch.searchset(page, p -> (Resource) mapper.toFhir(p), "Patient", uri);
    }

    @SmartScope(resource = "Patient", interaction = 's')
    @Audited(resource = "Patient", action = AuditAction.EXECUTE)
    @POST
    @Path("/$match")
    public Bundle match(@NotNull(message = ExceptionMappers.BODY_REQUIRED) Parameters parameters, @Context UriInfo uri) {
        var resource = parameters.getParameter("resource");
        if (resource == null || !(resource.getResource() instanceof org.hl7.fhir.r4.model.Patient probe)) {
            throw ProblemException.badRequest("$match needs a 'resource' parameter holding a Patient.",
                    List.of(new FieldError("Parameters.parameter.where(name='resource')", "a Patient is required")));
        }
        int count = 10;
        var countParam = parameters.getParameter("count");
        if (countParam != null && countParam.getValue() instanceof IntegerType i && i.getValue() != null) {
            count = Math.min(Math.max(i.getValue(), 1), config.maxPageSize());
        }
        boolean onlyCertain = false;
        var certainParam = parameters.getParameter("onlyCertainMatches");
        if (certainParam != null && certainParam.getValue() instanceof BooleanType b) {
            onlyCertain = Boolean.TRUE.equals(b.getValue());
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        String base = uri.getBaseUriBuilder().path("fhir").build().toString();
        List<PatientService.Match> matches = service.match(mapper.toEntity(probe), count, onlyCertain);
        bundle.setTotal(matches.size());
        for (PatientService.Match m : matches) {
            var entry = bundle.addEntry().setFullUrl(base + "/Patient/" + m.patient().id)
                    .setResource(mapper.toFhir(m.patient()));
            entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH).setScore(m.candidate().score())
                    .addExtension(MATCH_GRADE, new CodeType(m.candidate().grade().name().toLowerCase(Locale.ROOT)));
        }
        return bundle;
    }

    private Response created(Patient p, String prefer, UriInfo uri) {
        URI location = uri.getBaseUriBuilder().path("fhir/Patient/{id}/_history/{v}").build(p.id, p.version);
        return answer(Response.created(location), p, prefer);
    }

    private Response answer(Response.ResponseBuilder builder, Patient p, String prefer) {
        withHeaders(builder, p);
        if (prefer != null && prefer.contains("return=minimal")) {
            builder.entity(null);
        }
        return builder.build();
    }

    private Response.ResponseBuilder withHeaders(Response.ResponseBuilder builder, Patient p) {
        return builder.entity(mapper.toFhir(p)).header(HttpHeaders.ETAG, ETags.of(p.version))
                .lastModified(java.util.Date.from(p.updatedAt));
    }

    /** Builds the service's query from FHIR search parameters. */
    private static PatientQuery query(MultivaluedMap<String, String> params) {
        FhirSearch.rejectUnknown(params, SEARCH_PARAMS);
        List<String> words = new ArrayList<>();
        for (String n : params.getOrDefault("name", List.of())) {
            for (String w : n.trim().split("\\s+")) {
                if (!w.isBlank()) {
                    words.add(w);
                }
            }
        }
        List<PatientQuery.DateCondition> dates = new ArrayList<>();
        for (String d : params.getOrDefault("birthdate", List.of())) {
            FhirSearch.DateParam p = FhirSearch.date("birthdate", d);
            dates.add(new PatientQuery.DateCondition(PatientQuery.Comparator.valueOf(p.prefix().toUpperCase(Locale.ROOT)),
                    p.from(), p.to()));
        }
        List<PatientQuery.IdentifierCondition> ids = new ArrayList<>();
        for (String raw : params.getOrDefault("identifier", List.of())) {
            for (FhirSearch.TokenParam t : FhirSearch.tokens(raw)) {
                ids.add(new PatientQuery.IdentifierCondition(t.system(), t.value()));
            }
        }
        String gender = params.getFirst("gender");
        if (gender != null) {
            try {
                AdministrativeGender.fromCode(gender);
            } catch (Exception e) {
                throw ProblemException.badRequest("gender", "gender must be male, female, other or unknown.");
            }
        }
        return new PatientQuery(words, params.getFirst("family"), params.getFirst("given"), dates, ids,
                tokenValue(params.getFirst("phone")), tokenValue(params.getFirst("email")),
                tokenValue(params.getFirst("telecom")), gender, null);
    }

    private static String tokenValue(String raw) {
        if (raw == null) {
            return null;
        }
        int bar = raw.indexOf('|');
        return bar < 0 ? raw : raw.substring(bar + 1);
    }

    private static MultivaluedMap<String, String> parseQuery(String query) {
        MultivaluedMap<String, String> out = new MultivaluedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.add(name, value);
        }
        if (out.isEmpty()) {
            throw ProblemException.badRequest("If-None-Exist must hold search criteria, e.g. identifier=system|value.",
                    List.of());
        }
        return out;
    }
}
