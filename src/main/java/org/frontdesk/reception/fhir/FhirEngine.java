package org.frontdesk.reception.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.AuditInterceptor;
import org.frontdesk.reception.security.AuditTrail;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScopePolicy;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Idempotency;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.StoredResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What every FHIR resource type shares, done once: who may call (roles, then SMART scopes for EHR
 * systems), the audit record of every interaction (after its transaction, with its outcome), one
 * transaction per write with the Idempotency-Key claimed in it, conditional creates and updates,
 * If-Match, {@code Prefer}, searchset paging with {@code _include}/{@code _revinclude}, versions
 * and history. The types ({@link FhirType}) only map and call their services.
 */
@ApplicationScoped
public class FhirEngine {

    @Inject Instance<FhirType> all;
    @Inject Caller caller;
    @Inject AuditTrail trail;
    @Inject Idempotency idempotency;
    @Inject FhirContext fhir;
    @Inject EntityManager em;
    @Inject FhirHistory versions;
    @Inject FhirCallScope scope;
    @Inject FhirIncludes includes;

    private volatile Map<String, FhirType> types;

    /** Every type the face offers, by name. */
    public Map<String, FhirType> types() {
        Map<String, FhirType> t = types;
        if (t == null) {
            t = new HashMap<>();
            for (FhirType type : all) {
                t.put(type.type(), type);
            }
            types = Map.copyOf(t);
        }
        return types;
    }

    public FhirType type(String name) {
        FhirType t = types().get(name);
        if (t == null) {
            throw new ProblemException(Problem.of(404, "/problems/not-found", "Unknown resource type",
                    "This server has no resource type " + name + "; GET /fhir/metadata lists what it has."));
        }
        return t;
    }

    static ProblemException unsupported(String type, String what) {
        return new ProblemException(Problem.of(405, "/problems/method-not-allowed", "Not supported",
                type + " does not support " + what + " here; GET /fhir/metadata lists what it does."));
    }

    // ------------------------------------------------------------------ permissions

    /** Refuses an interaction the type does not offer (405), a role that may not use it or a missing scope (403). */
    public void allow(FhirType t, Interaction i) {
        if (!t.capability().offers(i)) {
            throw unsupported(t.type(), i.code);
        }
        roles(t.roles(i));
        scope(t.type(), i.scope);
    }

    void allow(FhirType t, ResourceCapability.Operation op) {
        roles(t.roles(op));
        scope(t.type(), op.scope());
    }

    private void roles(Set<String> roles) {
        if (roles.stream().noneMatch(caller::hasRole)) {
            throw new ForbiddenException("role");
        }
    }

    private void scope(String type, char letter) {
        if (caller.hasRole(Roles.EHR_SYSTEM) && !SmartScopePolicy.permits(caller.scopes(), type, letter)) {
            throw new ForbiddenException("scope");
        }
    }

    /**
     * A conditional write searches: its answer (created, found, several) tells what exists, so it
     * needs the read and search permissions too. Without them it is refused, saying nothing.
     */
    private void searchable(FhirType t) {
        if (!mayReadAndSearch(t.type())) {
            throw new ForbiddenException("scope");
        }
    }

    /** Whether the caller may also read and search the type: what a conditional create may reveal. */
    private boolean mayReadAndSearch(String type) {
        return !caller.hasRole(Roles.EHR_SYSTEM)
                || (SmartScopePolicy.permits(caller.scopes(), type, 'r') && SmartScopePolicy.permits(caller.scopes(), type, 's'));
    }

    // ------------------------------------------------------------------ audit

    /** What an interaction answered: the response and, for the audit, the record's id and patient. */
    record Outcome(Response response, String id, List<UUID> patients) {

        Outcome(Response response, String id, UUID patient) {
            this(response, id, patient == null ? List.of() : List.of(patient));
        }
    }

    /**
     * Runs an interaction and records it in the audit trail with its outcome. Inside a transaction
     * Bundle the record waits for the Bundle's outcome: an entry that was rolled back is audited
     * with the Bundle's failure, never as a success.
     */
    private Response audited(FhirType t, AuditAction action, String id, Supplier<Outcome> work) {
        Outcome o;
        try {
            o = work.get();
        } catch (RuntimeException e) {
            UUID patient = "Patient".equals(t.type()) ? FhirSearch.uuidOrNull(id) : null;
            int status = AuditInterceptor.statusOf(e);
            if (!scope.defer(failed -> trail.record(action, t.type(), id, patient, failed == 0 ? status : failed))) {
                trail.record(action, t.type(), id, patient, status);
            }
            throw e instanceof ProblemException p ? inFhirTerms(t, p) : e;
        }
        String recordId = o.id() != null ? o.id() : id;
        int status = o.response().getStatus();
        if (!scope.defer(failed -> trail.recordAll(action, t.type(), recordId, o.patients(), failed == 0 ? status : failed))) {
            trail.recordAll(action, t.type(), recordId, o.patients(), status);
        }
        return o.response();
    }

    /**
     * A service's problem in FHIR terms: the JSON pointers its field errors name (the /api face's)
     * become the FHIR elements they came from, by the type's own table or as {@code Type.path}.
     */
    private static ProblemException inFhirTerms(FhirType t, ProblemException e) {
        Problem p = e.problem();
        if (p.errors().stream().noneMatch(f -> f.pointer() != null && f.pointer().startsWith("/"))) {
            return e;
        }
        List<FieldError> errors = p.errors().stream().map(f -> {
            if (f.pointer() == null || !f.pointer().startsWith("/")) {
                return f;
            }
            String mapped = t.elements().get(f.pointer().replaceAll("/\\d+.*$", ""));
            String path = OperationOutcomeRenderer.toFhirPath(f.pointer());
            return new FieldError(mapped != null ? mapped : t.type() + "." + path, f.detail());
        }).toList();
        return new ProblemException(new Problem(p.status(), p.type(), p.title(), p.detail(), errors, p.extensions()));
    }

    /** The audit record of a transaction entry answered from a kept answer (a retry). */
    void replayed(String type, String id, int failed) {
        trail.record(AuditAction.READ, type, id, null, failed == 0 ? 200 : failed);
    }

    // ------------------------------------------------------------------ reads

    /**
     * A read. When {@code asStored} (plain JSON wanted) and the type reads from its history, the
     * answer is the stored JSON of the record's latest version, one query and no re-encoding.
     */
    public Response read(String type, String id, boolean asStored) {
        FhirType t = type(type);
        allow(t, Interaction.READ);
        return audited(t, AuditAction.READ, id, () -> {
            if (asStored && t.readsFromHistory()) {
                FhirHistory.Stored latest = versions.latest(t, id);
                if (latest != null) {
                    Response.ResponseBuilder b = Response.ok(latest.body(), FhirMediaTypes.FHIR_JSON + ";charset=UTF-8")
                            .header(HttpHeaders.ETAG, ETags.of(latest.version())).lastModified(Date.from(latest.lastUpdated()));
                    return new Outcome(b.build(), id, "Patient".equals(t.type()) ? FhirSearch.uuidOrNull(id)
                            : t.patientOf((Resource) fhir.newJsonParser().parseResource(latest.body())));
                }
            }
            FhirRecord r = t.read(id);
            return new Outcome(ok(r).build(), r.id(), r.patientId());
        });
    }

    public Response vread(String type, String id, String vid) {
        FhirType t = type(type);
        allow(t, Interaction.VREAD);
        return audited(t, AuditAction.READ, id, () -> {
            FhirRecord r = versions.version(t, id, vid);
            return new Outcome(ok(r).build(), r.id(), r.patientId());
        });
    }

    /** {@code _history} of one record ({@code id} set) or of the type, with {@code _since}, {@code _count}, {@code _offset}. */
    public Response history(String type, String id, UriInfo uri) {
        FhirType t = type(type);
        allow(t, id == null ? Interaction.HISTORY_TYPE : Interaction.HISTORY_INSTANCE);
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        for (String name : params.keySet()) {
            if (!Set.of("_since", "_count", "_offset", "_format", "_pretty").contains(name)) {
                throw ProblemException.badRequest(name, "_history understands _since, _count and _offset; not " + name + ".");
            }
        }
        FhirSearch.InstantRange since = params.getFirst("_since") == null ? null
                : FhirSearch.instants("_since", "ge" + params.getFirst("_since"));
        int count = FhirSearch.count(params.getFirst("_count"), FhirQuery.DEFAULT_COUNT, FhirQuery.MAX_COUNT);
        int offset = FhirSearch.offset(params.getFirst("_offset"));
        return audited(t, id == null ? AuditAction.SEARCH : AuditAction.READ, id, () -> {
            Bundle b = versions.history(t, id, uri, since == null ? null : since.from(), offset, count);
            return new Outcome(Response.ok(b).build(), id, patientsOf(b));
        });
    }

    /** A search; {@code request} builds the paging links, {@code base} the entries' full URLs. */
    public Response search(String type, MultivaluedMap<String, String> params, UriBuilder request, String base) {
        FhirType t = type(type);
        allow(t, Interaction.SEARCH);
        return audited(t, AuditAction.SEARCH, null, () -> {
            FhirQuery q = FhirQuery.parse(t.capability(), params);
            PageResult<FhirRecord> page = t.search(q);
            Bundle bundle = FhirSearch.searchset(page, FhirRecord::stamped, t.type(), request, base);
            includes.add(bundle, t, q, page.items(), base);
            return new Outcome(Response.ok(bundle).build(), null, patientsOf(bundle));
        });
    }

    // ------------------------------------------------------------------ writes

    /** A create, conditional when {@code ifNoneExist} names search criteria; {@code base} is the FHIR base URL. */
    public Response create(String type, Resource body, String ifNoneExist, String base) {
        FhirType t = type(type);
        allow(t, Interaction.CREATE);
        Resource checked = ofType(t, body);
        checked.setId((String) null); // a create's id is ours to give (FHIR: the server ignores one sent)
        return audited(t, AuditAction.CREATE, null, () -> written(List.of(type, String.valueOf(ifNoneExist),
                json(checked)), () -> {
                    if (ifNoneExist != null && !ifNoneExist.isBlank()) {
                        if (!t.capability().conditionalCreate()) {
                            throw unsupported(type, "conditional create (If-None-Exist)");
                        }
                        searchable(t);
                        Optional<FhirRecord> existing = matchOne(t, ifNoneExist, "If-None-Exist");
                        if (existing.isPresent()) {
                            return existingAnswer(t, existing.get(), base);
                        }
                    }
                    return new Written(201, t.create(checked), null);
                }, base));
    }

    /** An update of a record by id; the body's id must be the URL's. */
    public Response update(String type, String id, Resource body, String ifMatch, String base) {
        FhirType t = type(type);
        allow(t, Interaction.UPDATE);
        Resource checked = ofType(t, body);
        if (!checked.hasIdElement() || !id.equals(checked.getIdElement().getIdPart())) {
            throw ProblemException.badRequest("The resource's id must equal the id in the URL.",
                    List.of(new FieldError(type + ".id", "must be " + id)));
        }
        return audited(t, AuditAction.UPDATE, id, () -> written(
                List.of(type, id, String.valueOf(ifMatch), json(checked)),
                () -> new Written(200, t.update(id, checked, ifMatch), null), base));
    }

    /** {@code PUT /Type?criteria}: updates the one match, creates when there is none, 412 when several. */
    public Response conditionalUpdate(String type, String criteria, Resource body, String ifMatch, String base) {
        FhirType t = type(type);
        allow(t, Interaction.UPDATE);
        if (!t.capability().conditionalUpdate()) {
            throw unsupported(type, "conditional update");
        }
        Resource checked = ofType(t, body);
        searchable(t);
        return audited(t, AuditAction.UPDATE, null, () -> written(
                List.of(type, String.valueOf(criteria), json(checked)), () -> {
                    Optional<FhirRecord> match = matchOne(t, criteria == null ? "" : criteria, "the update's criteria");
                    if (match.isEmpty()) {
                        allow(t, Interaction.CREATE);
                        checked.setId((String) null);
                        return new Written(201, t.create(checked), null);
                    }
                    if (checked.hasIdElement() && !checked.getIdElement().getIdPart().equals(match.get().id())) {
                        throw ProblemException.badRequest("The resource's id is not the id of the record the criteria match.",
                                List.of(new FieldError(type + ".id", "must be " + match.get().id() + " or absent")));
                    }
                    checked.setId(match.get().id());
                    return new Written(200, t.update(match.get().id(), checked, ifMatch), null);
                }, base));
    }

    /** A JSON Patch (RFC 6902) applied to the resource as it is, then an update with the result. */
    public Response patch(String type, String id, String jsonPatch, String ifMatch, String base) {
        FhirType t = type(type);
        allow(t, Interaction.PATCH);
        return audited(t, AuditAction.UPDATE, id, () -> written(
                List.of(type, id, String.valueOf(ifMatch), String.valueOf(jsonPatch)), () -> {
                    if (ifMatch == null || ifMatch.isBlank()) {
                        throw ProblemException.preconditionRequired();
                    }
                    FhirRecord current = t.read(id);
                    ETags.check(ifMatch, current.version(), true);
                    Resource patched = ofType(t, JsonPatches.apply(fhir, current.stamped(), jsonPatch, type));
                    patched.setId(id);
                    return new Written(200, t.update(id, patched, ifMatch), null);
                }, base));
    }

    public Response delete(String type, String id, String ifMatch) {
        FhirType t = type(type);
        allow(t, Interaction.DELETE);
        return audited(t, AuditAction.DELETE, id, () -> written(List.of(type, id, String.valueOf(ifMatch)), () -> {
            t.delete(id, ifMatch);
            return new Written(0, null, Response.noContent().build());
        }, null));
    }

    /** An operation the type declares, by POST (a resource or Parameters body) or, where allowed, GET. */
    public Response operation(String type, String id, String name, boolean post, Resource body,
                              MultivaluedMap<String, String> query, String base) {
        FhirType t = type(type);
        ResourceCapability.Operation op = t.capability().operation(name, id != null)
                .orElseThrow(() -> unsupported(type, "$" + name + (id != null ? " on an instance" : "")));
        if (!post && !op.get()) {
            throw unsupported(type, "GET $" + name + " (POST it)");
        }
        allow(t, op);
        return audited(t, op.audit(), id, () -> {
            if (!op.changes()) {
                Response r = t.operation(op, id, body, query, base);
                return new Outcome(r, id, patientsOf(r.getEntity()));
            }
            return written(List.of(type, String.valueOf(id), name, body == null ? "" : json(body)),
                    () -> new Written(0, null, t.operation(op, id, body, query, base)), null);
        });
    }

    // ------------------------------------------------------------------ the write machinery

    /** What a write made: a status and record, or a whole response (operations, existing matches). */
    record Written(int status, FhirRecord record, Response response) {
    }

    /**
     * Runs a write in one transaction with its Idempotency-Key (if sent) claimed in it: a retry
     * replays the first answer; the same key with another request is a 422. Inside a transaction
     * Bundle the write joins the Bundle's transaction, whose key covers it.
     */
    private Outcome written(List<String> asked, Supplier<Written> work, String base) {
        Supplier<Response> call = () -> {
            Optional<Idempotency.Call> key = scope.inTransaction() ? Optional.empty()
                    : idempotency.current(false, new Object[] {asked}).map(scope::entryKey);
            if (key.isPresent()) {
                Optional<StoredResponse> kept = idempotency.claim(key.get());
                if (kept.isPresent()) {
                    return replay(kept.get());
                }
            }
            Written w = work.get();
            Response r = w.response() != null ? w.response() : answer(w, base);
            if (key.isPresent()) {
                idempotency.keep(key.get(), stored(r));
            }
            return r;
        };
        Response answer = scope.inTransaction() ? call.get() : QuarkusTransaction.requiringNew().call(call::get);
        Object entity = answer.getEntity();
        String id = entity instanceof Resource res && types().containsKey(res.fhirType())
                ? res.getIdElement().getIdPart() : null;
        return new Outcome(answer, id, patientsOf(answer.getEntity()));
    }

    /** The patients whose data an answer holds: its resource's, or each entry's of a Bundle. */
    List<UUID> patientsOf(Object entity) {
        List<UUID> out = new java.util.ArrayList<>();
        if (entity instanceof Bundle b) {
            for (Bundle.BundleEntryComponent e : b.getEntry()) {
                out.addAll(patientsOf(e.getResource()));
            }
        } else if (entity instanceof Resource res && types().containsKey(res.fhirType())) {
            UUID p = types().get(res.fhirType()).patientOf(res);
            if (p != null) {
                out.add(p);
            }
        }
        return out.stream().distinct().toList();
    }

    private Response answer(Written w, String base) {
        Response.ResponseBuilder b = ok(w.record()).status(w.status());
        if (w.status() == 201) {
            String type = w.record().resource().fhirType();
            boolean versioned = types().containsKey(type) && types().get(type).capability().offers(Interaction.VREAD);
            b.location(java.net.URI.create(base + "/" + type + "/" + w.record().id()
                    + (versioned ? "/_history/" + w.record().version() : "")));
        }
        return b.build();
    }

    /**
     * The one record that matches conditional criteria, or none; several are a 412. Concurrent
     * writes with the same criteria queue on an advisory lock, so they can't both create.
     */
    private Optional<FhirRecord> matchOne(FhirType t, String criteria, String what) {
        String query = criteria;
        int mark = criteria.indexOf('?');
        if (mark >= 0) { // "Type?criteria", or a client's full URL of the type's search
            String target = criteria.substring(0, mark);
            if (!(target.equals(t.type()) || target.endsWith("/" + t.type()))) {
                throw ProblemException.badRequest(what + " must search " + t.type() + ", not " + target + ".",
                        List.of(new FieldError(what, "searches another type")));
            }
            query = criteria.substring(mark + 1);
        }
        FhirQuery q = FhirQuery.parse(t.capability(), parseQuery(query, what));
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 7))")
                .setParameter(1, t.type() + "?" + query).getSingleResult();
        PageResult<FhirRecord> found = t.search(q.page(0, 2));
        if (found.total() > 1) {
            throw new ProblemException(Problem.of(412, "/problems/conditional-ambiguous", "More than one match",
                    mayReadAndSearch(t.type()) ? what + " matches " + found.total() + " " + t.type()
                            + " resources; make the criteria more specific."
                            : what + " matches more than one " + t.type() + "; make the criteria more specific."));
        }
        return found.items().stream().findFirst();
    }

    /**
     * A conditional create that matched: 200 with the record, or, to a caller who may not read
     * and search the type, 200 with nothing (neither the id nor the record leaks).
     */
    private Written existingAnswer(FhirType t, FhirRecord r, String base) {
        if (!mayReadAndSearch(t.type())) {
            return new Written(0, null, Response.ok().build());
        }
        return new Written(0, null, ok(r).header("Content-Location", base + "/" + t.type() + "/" + r.id()).build());
    }

    /** A query string's parameters; none when there is no query. */
    static MultivaluedMap<String, String> parseQueryOrEmpty(String query) {
        return query == null || query.isBlank() ? new MultivaluedHashMap<>() : parseQuery(query, "The query");
    }

    static MultivaluedMap<String, String> parseQuery(String query, String what) {
        MultivaluedMap<String, String> out = new MultivaluedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                out.add(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(what + " is not a valid query string.", List.of());
            }
        }
        if (out.isEmpty()) {
            throw ProblemException.badRequest(what + " must hold search criteria, e.g. identifier=system|value.",
                    List.of());
        }
        return out;
    }

    private Resource ofType(FhirType t, Resource body) {
        if (body == null) {
            throw ProblemException.badRequest("A request body is required.", List.of());
        }
        if (!t.type().equals(body.fhirType())) {
            throw ProblemException.badRequest("The body is a " + body.fhirType() + ", not a " + t.type() + ".",
                    List.of(new FieldError("resourceType", "must be " + t.type())));
        }
        return body;
    }

    static Response.ResponseBuilder ok(FhirRecord r) {
        Response.ResponseBuilder b = Response.ok(r.stamped()).header(HttpHeaders.ETAG, ETags.of(r.version()));
        return r.lastUpdated() == null ? b : b.lastModified(Date.from(r.lastUpdated()));
    }

    StoredResponse stored(Response r) {
        Object entity = r.getEntity();
        return new StoredResponse(r.getStatus(), r.getHeaderString(HttpHeaders.LOCATION),
                r.getHeaderString(HttpHeaders.ETAG), entity instanceof Resource res ? json(res) : null);
    }

    Response replay(StoredResponse s) {
        Response.ResponseBuilder b = Response.status(s.status()).header(Idempotency.REPLAYED, "true");
        if (s.body() != null) {
            b.entity(fhir.newJsonParser().parseResource(s.body()));
        }
        if (s.location() != null) {
            b.header(HttpHeaders.LOCATION, s.location());
        }
        if (s.etag() != null) {
            b.header(HttpHeaders.ETAG, s.etag());
        }
        return b.build();
    }

    String json(Resource r) {
        return fhir.newJsonParser().encodeResourceToString(r);
    }
}
