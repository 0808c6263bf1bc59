package org.frontdesk.reception.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.security.AuditAction;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HashMap;
import java.util.UUID;

/**
 * Patient on the FHIR face: read, vread and history, create (conditional with If-None-Exist),
 * update, search and {@code $match}. A plain create is not blocked by likely duplicates (EHRs
 * match on their side); they are flagged for the front desk.
 */
@ApplicationScoped
class PatientFhirResource implements FhirType {

    private static final String MATCH_GRADE = "http://hl7.org/fhir/StructureDefinition/match-grade";
    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Patient")
            .interactions(Interaction.READ, Interaction.VREAD, Interaction.HISTORY_INSTANCE, Interaction.HISTORY_TYPE,
                    Interaction.CREATE, Interaction.UPDATE, Interaction.PATCH, Interaction.SEARCH)
            .conditional(true)
            .common("_lastUpdated", "birthdate", "family")
            .param("family", "string", "Start of a family name, case and accents ignored")
            .param("given", "string", "Start of a given name")
            .param("name", "string", "Each word starts a word of any name part")
            .param("birthdate", "date", "eq/ne/gt/lt/ge/le with a full or partial date")
            .param("identifier", "token", "system|value, |value or value; includes our MRN")
            .param("telecom", "token", "Phone (any punctuation) or e-mail")
            .param("phone", "token", "Phone number, any punctuation")
            .param("email", "token", "E-mail address, case ignored")
            .param("gender", "token", "male, female, other, unknown")
            .revInclude("Appointment:patient", "Coverage:beneficiary", "Encounter:patient", "Claim:patient")
            .operation("match", "http://hl7.org/fhir/OperationDefinition/Patient-match", 's', AuditAction.EXECUTE,
                    false, false)
            .build();

    @Inject PatientService service;
    @Inject PatientFhirMapper mapper;
    @Inject PatientConfig config;
    @Inject org.frontdesk.reception.fhir.FhirHistory history;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(service.get(FhirSearch.id(id, "Patient")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        PageResult<UUID> page = service.searchIds(query(q.params()), q.criteria(), q.offset(), q.count());
        // the page as its latest stored versions (one query); a record from before history was kept loads itself
        List<String> ids = page.items().stream().map(UUID::toString).toList();
        Map<String, FhirRecord> stored = history.latest(this, ids);
        List<UUID> missing = page.items().stream().filter(id -> !stored.containsKey(id.toString())).toList();
        Map<String, FhirRecord> loaded = new HashMap<>(stored);
        for (Patient p : service.load(missing)) {
            loaded.put(p.id.toString(), record(p));
        }
        return page.map(id -> loaded.get(id.toString())).filter(java.util.Objects::nonNull);
    }

    @Override
    public FhirRecord create(Resource body) {
        return record(service.createFromEhr(mapper.toEntity((org.hl7.fhir.r4.model.Patient) body)));
    }

    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        var fhir = (org.hl7.fhir.r4.model.Patient) body;
        return record(service.update(FhirSearch.id(id, "Patient"), ifMatch, false, "ehr", p -> mapper.update(fhir, p)));
    }

    @Override
    public FhirRecord versionOf(Object entity) {
        return entity instanceof Patient p ? record(p) : null;
    }

    /** Patients change only through their entity and are never deleted (merged or made inactive instead). */
    @Override
    public String historyTable() {
        return "patient";
    }

    @Override
    public UUID patientOf(Resource resource) {
        return FhirSearch.uuidOrNull(resource.getIdElement().getIdPart());
    }

    /** {@code $match}: likely matches of a Patient, best first, graded certain, probable or possible. */
    @Override
    public Response operation(ResourceCapability.Operation op, String id, Resource body,
                              MultivaluedMap<String, String> query, String base) {
        if (!(body instanceof Parameters parameters)) {
            throw ProblemException.badRequest("$match takes a Parameters body.",
                    List.of(new FieldError("resourceType", "must be Parameters")));
        }
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
        List<PatientService.Match> matches = service.match(mapper.toEntity(probe), count, onlyCertain);
        bundle.setTotal(matches.size());
        for (PatientService.Match m : matches) {
            var entry = bundle.addEntry().setFullUrl(base + "/Patient/" + m.patient().id).setResource(record(m.patient()).stamped());
            entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH).setScore(m.candidate().score())
                    .addExtension(MATCH_GRADE, new CodeType(m.candidate().grade().name().toLowerCase(Locale.ROOT)));
        }
        return Response.ok(bundle).build();
    }

    private FhirRecord record(Patient p) {
        return new FhirRecord(mapper.toFhir(p), p.version, p.updatedAt, p.id);
    }

    /** Builds the service's query from FHIR search parameters. */
    private static PatientQuery query(MultivaluedMap<String, String> params) {
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
}
