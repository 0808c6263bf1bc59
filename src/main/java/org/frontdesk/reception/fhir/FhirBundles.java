package org.frontdesk.reception.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.frontdesk.reception.security.AuditInterceptor;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Idempotency;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.StoredResponse;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /fhir} with a Bundle. A {@code transaction} runs every entry in one database
 * transaction, in FHIR's order (deletes, creates, updates and patches, then reads), resolving
 * {@code urn:uuid:} references to what the Bundle created: one bad entry and nothing is kept,
 * with an OperationOutcome naming the entry. A {@code batch} runs each entry on its own and
 * answers each with its own status. Every entry goes through the engine, so it is scope-checked
 * and audited like a call of its own.
 */
@ApplicationScoped
class FhirBundles {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FhirBundles.class);

    @Inject FhirEngine engine;
    @Inject FhirCallScope scope;
    @Inject FhirConfig config;
    @Inject FhirContext fhir;
    @Inject Idempotency idempotency;

    Response process(Bundle bundle, String base, String prefer) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            throw ProblemException.badRequest("POST /fhir takes a Bundle of type transaction or batch.",
                    List.of(new FieldError("Bundle.type", "must be transaction or batch")));
        }
        int max = config.bundleMaxEntries();
        if (bundle.getEntry().size() > max) {
            throw new ProblemException(Problem.of(413, "/problems/bundle-too-large", "Bundle too large",
                    "A Bundle may hold at most " + max + " entries; this one has " + bundle.getEntry().size() + ".")
                    .withErrors(List.of(new FieldError("Bundle.entry", "at most " + max + " entries"))));
        }
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            requests.add(Request.of(bundle.getEntry().get(i), i));
        }
        if (bundle.getType() == Bundle.BundleType.TRANSACTION) {
            // every entry must be allowed before any runs (and before a kept answer is replayed)
            requests.forEach(r -> {
                try {
                    permitted(r);
                } catch (RuntimeException e) {
                    throw entryError(r, e);
                }
            });
            java.util.Set<String> targets = new java.util.HashSet<>();
            for (Request r : requests) {
                if (r.id() != null && r.verb() != HTTPVerb.GET && !r.id().startsWith("$")
                        && !targets.add(r.type() + "/" + r.id())) {
                    throw entryError(r, ProblemException.badRequest("A transaction changes each resource once; "
                            + r.type() + "/" + r.id() + " is named twice.", List.of(new FieldError("request.url",
                            "names a resource another entry changes"))));
                }
            }
        }
        return bundle.getType() == Bundle.BundleType.TRANSACTION
                ? transaction(requests, base, prefer, engine.json(bundle))
                : batch(requests, base, prefer);
    }

    // ------------------------------------------------------------------ transaction

    private Response transaction(List<Request> requests, String base, String prefer, String asked) {
        Map<String, String> resolved = new HashMap<>();
        for (Request r : requests) {
            if (r.fullUrl() != null && r.fullUrl().startsWith("urn:uuid:") && resolved.put(r.fullUrl(), "") != null) {
                throw entryError(r, ProblemException.badRequest("Two entries have the full URL " + r.fullUrl() + ".",
                        List.of(new FieldError("fullUrl", "must be unique in the Bundle"))));
            }
        }
        resolved.clear();
        Response[] answers = new Response[requests.size()];
        scope.startTransaction();
        int failed = 0;
        try {
            Response answer = QuarkusTransaction.requiringNew().call(() -> {
                Optional<Idempotency.Call> key = idempotency.current(false, new Object[] {asked});
                if (key.isPresent()) {
                    Optional<StoredResponse> kept = idempotency.claim(key.get());
                    if (kept.isPresent()) {
                        // a replay serves what the first call did: each entry is traced again
                        requests.forEach(r -> scope.defer(outcome -> engine.replayed(r.type(), r.id(), outcome)));
                        return engine.replay(kept.get());
                    }
                }
                for (HTTPVerb verb : List.of(HTTPVerb.DELETE, HTTPVerb.POST, HTTPVerb.PUT, HTTPVerb.PATCH, HTTPVerb.GET)) {
                    List<Request> pending = new ArrayList<>(requests.stream().filter(r -> r.verb() == verb).toList());
                    // creates may point at each other: run each once every urn:uuid it uses is known
                    while (!pending.isEmpty()) {
                        Request next = pending.stream().filter(r -> unresolved(r, resolved) == null).findFirst()
                                .orElse(null);
                        if (next == null) {
                            Request r = pending.get(0);
                            String urn = unresolved(r, resolved);
                            throw entryError(r, ProblemException.badRequest("The reference " + urn
                                    + " names no entry of this Bundle created before it (or the references go round in a circle).",
                                    List.of(new FieldError("resource", urn + " is not resolvable"))));
                        }
                        pending.remove(next);
                        resolve(next, resolved);
                        Response a = run(next, base);
                        answers[next.index()] = a;
                        if (next.fullUrl() != null && next.fullUrl().startsWith("urn:uuid:")
                                && a.getEntity() instanceof Resource created) {
                            resolved.put(next.fullUrl(), created.fhirType() + "/" + created.getIdElement().getIdPart());
                        }
                    }
                }
                Bundle out = response(Bundle.BundleType.TRANSACTIONRESPONSE, answers, base, prefer);
                Response r = Response.ok(out).build();
                if (key.isPresent()) {
                    idempotency.keep(key.get(), engine.stored(r));
                }
                return r;
            });
            return answer;
        } catch (RuntimeException e) {
            failed = AuditInterceptor.statusOf(e);
            throw e;
        } finally {
            scope.finishTransaction(failed);
        }
    }

    /** The first {@code urn:uuid:} reference of an entry that no earlier entry created, or null. */
    private String unresolved(Request r, Map<String, String> resolved) {
        if (r.resource() == null) {
            return null;
        }
        for (Reference ref : fhir.newTerser().getAllPopulatedChildElementsOfType(r.resource(), Reference.class)) {
            String s = ref.getReference();
            if (s != null && s.startsWith("urn:uuid:") && !resolved.containsKey(s)) {
                return s;
            }
        }
        return null;
    }

    private void resolve(Request r, Map<String, String> resolved) {
        if (r.resource() == null) {
            return;
        }
        for (Reference ref : fhir.newTerser().getAllPopulatedChildElementsOfType(r.resource(), Reference.class)) {
            String s = ref.getReference();
            if (s != null && resolved.containsKey(s)) {
                ref.setReference(resolved.get(s));
            }
            // the parser links a reference to the entry it names; unlinked, encoding can't turn it into a contained copy
            ref.setResource(null);
        }
    }

    // ------------------------------------------------------------------ batch

    private Response batch(List<Request> requests, String base, String prefer) {
        Response[] answers = new Response[requests.size()];
        for (Request r : requests) {
            scope.entry(r.index());
            try {
                answers[r.index()] = run(r, base);
            } catch (RuntimeException e) {
                answers[r.index()] = failure(e);
            } finally {
                scope.entry(null);
            }
        }
        return Response.ok(response(Bundle.BundleType.BATCHRESPONSE, answers, base, prefer)).build();
    }

    private static Response failure(RuntimeException e) {
        int status = AuditInterceptor.statusOf(e);
        if (status >= 500) {
            LOG.error("A batch entry failed unexpectedly", e);
        }
        Problem p = e instanceof ProblemException pe ? pe.problem()
                : Problem.of(status, "/problems/entry-failed", "Entry failed",
                        status == 403 ? "The token does not permit this entry." : status >= 500
                                ? "The entry could not be processed." : String.valueOf(e.getMessage()));
        return Response.status(status).entity(OperationOutcomeRenderer.outcome(p)).build();
    }

    // ------------------------------------------------------------------ entries

    /** One entry's request: its position, verb, URL parts, resource and conditional headers. */
    private record Request(int index, String fullUrl, HTTPVerb verb, String type, String id, String tail, String query,
                           Resource resource, String ifMatch, String ifNoneExist) {

        static Request of(BundleEntryComponent e, int index) {
            if (!e.hasRequest() || !e.getRequest().hasMethod() || !e.getRequest().hasUrl()) {
                throw entryError(index, ProblemException.badRequest("Each entry needs request.method and request.url.",
                        List.of(new FieldError("request", "method and url are required"))));
            }
            String url = e.getRequest().getUrl();
            String query = null;
            int q = url.indexOf('?');
            if (q >= 0) {
                query = url.substring(q + 1);
                url = url.substring(0, q);
            }
            String[] parts = url.replaceFirst("^/", "").split("/");
            HTTPVerb verb = e.getRequest().getMethod();
            if (verb == HTTPVerb.HEAD || verb == HTTPVerb.NULL || parts[0].isBlank() || parts.length > 4) {
                throw entryError(index, ProblemException.badRequest("request.url must be Type, Type/id or Type?query "
                        + "with GET, POST, PUT, PATCH or DELETE.", List.of(new FieldError("request.url", "not supported"))));
            }
            return new Request(index, e.getFullUrl(), verb, parts[0], parts.length > 1 ? parts[1] : null,
                    parts.length > 2 ? String.join("/", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : null,
                    query, e.getResource(), e.getRequest().getIfMatch(), e.getRequest().getIfNoneExist());
        }
    }

    /** Whether the caller may make an entry's call at all: its type exists, and role and scope allow it. */
    private void permitted(Request r) {
        FhirType t = engine.type(r.type());
        if (r.id() != null && r.id().startsWith("$")) {
            ResourceCapability.Operation op = t.capability().operation(r.id().substring(1), false)
                    .orElseThrow(() -> FhirEngine.unsupported(r.type(), r.id()));
            engine.allow(t, op);
            return;
        }
        engine.allow(t, switch (r.verb()) {
            case GET -> r.id() == null ? Interaction.SEARCH : r.tail() == null ? Interaction.READ : Interaction.VREAD;
            case POST -> Interaction.CREATE;
            case PUT -> Interaction.UPDATE;
            case PATCH -> Interaction.PATCH;
            default -> Interaction.DELETE;
        });
    }

    private Response run(Request r, String base) {
        try {
            return switch (r.verb()) {
                case GET -> get(r, base);
                case POST -> {
                    if (r.id() != null) {
                        if (r.id().startsWith("$")) {
                            yield engine.operation(r.type(), null, r.id().substring(1), true, r.resource(),
                                    FhirEngine.parseQueryOrEmpty(r.query()), base);
                        }
                        throw unsupportedUrl();
                    }
                    yield engine.create(r.type(), r.resource(), r.ifNoneExist(), base);
                }
                case PUT -> r.id() == null
                        ? engine.conditionalUpdate(r.type(), r.query(), r.resource(), r.ifMatch(), base)
                        : engine.update(r.type(), r.id(), r.resource(), r.ifMatch(), base);
                case PATCH -> {
                    if (r.id() == null) {
                        throw unsupportedUrl();
                    }
                    yield engine.patch(r.type(), r.id(), patchOf(r), r.ifMatch(), base);
                }
                case DELETE -> {
                    if (r.id() == null) {
                        throw unsupportedUrl();
                    }
                    yield engine.delete(r.type(), r.id(), r.ifMatch());
                }
                default -> throw unsupportedUrl();
            };
        } catch (RuntimeException e) {
            if (scope.inTransaction()) {
                throw entryError(r, e);
            }
            throw e;
        }
    }

    private Response get(Request r, String base) {
        if (r.id() == null) {
            MultivaluedMap<String, String> params = FhirEngine.parseQueryOrEmpty(r.query());
            UriBuilder self = UriBuilder.fromUri(base + "/" + r.type() + (r.query() == null ? "" : "?" + r.query()));
            return engine.search(r.type(), params, self, base);
        }
        if (r.tail() == null) {
            return engine.read(r.type(), r.id(), false);
        }
        if (r.tail().startsWith("_history/")) {
            return engine.vread(r.type(), r.id(), r.tail().substring(9));
        }
        throw unsupportedUrl();
    }

    private static String patchOf(Request r) {
        if (!(r.resource() instanceof Binary b) || !"application/json-patch+json".equals(b.getContentType())
                || b.getData() == null) {
            throw ProblemException.badRequest("A PATCH entry carries its JSON Patch as a Binary of contentType "
                    + "application/json-patch+json.", List.of(new FieldError("resource", "a JSON Patch Binary is required")));
        }
        return new String(b.getData(), StandardCharsets.UTF_8);
    }

    private static ProblemException unsupportedUrl() {
        return ProblemException.badRequest("This request.url and method are not supported in a Bundle.",
                List.of(new FieldError("request.url", "not supported")));
    }

    /** An entry's failure as the Bundle's: the same status, the entry named in the message and every element. */
    private static RuntimeException entryError(Request r, RuntimeException e) {
        return entryError(r.index(), e);
    }

    private static RuntimeException entryError(int index, RuntimeException e) {
        String at = "Bundle.entry[" + index + "]";
        Problem p;
        if (e instanceof ProblemException pe) {
            p = pe.problem();
        } else if (e instanceof FhirParseException fp) {
            p = Problem.of(400, "/problems/invalid-fhir", "Invalid FHIR resource", fp.getMessage())
                    .withErrors(List.of(new FieldError(fp.expression(), fp.getMessage())));
        } else {
            int status = AuditInterceptor.statusOf(e);
            if (status >= 500) {
                return e;
            }
            p = Problem.of(status, "/problems/entry-failed", "Entry failed",
                    status == 403 ? "The token does not permit this entry." : String.valueOf(e.getMessage()));
        }
        if (p.detail() != null && p.detail().startsWith("Bundle.entry[")) {
            return e;
        }
        List<FieldError> errors = new ArrayList<>();
        for (FieldError f : p.errors()) {
            errors.add(new FieldError(f.pointer() == null ? at : at + "." + OperationOutcomeRenderer.toFhirPath(f.pointer())
                    .replaceFirst("^[A-Z][A-Za-z]+\\.", "resource."), at + ": " + f.detail()));
        }
        if (errors.isEmpty()) {
            errors.add(new FieldError(at, at + ": " + (p.detail() == null ? p.title() : p.detail())));
        }
        Problem named = new Problem(p.status(), p.type(), p.title(), at + ": " + (p.detail() == null ? p.title() : p.detail()),
                errors, p.extensions());
        return new ProblemException(named);
    }

    // ------------------------------------------------------------------ the response Bundle

    private Bundle response(Bundle.BundleType type, Response[] answers, String base, String prefer) {
        Bundle out = new Bundle().setType(type);
        boolean minimal = prefer != null && prefer.contains("return=minimal");
        for (Response a : answers) {
            BundleEntryComponent e = out.addEntry();
            var res = e.getResponse();
            Response.Status known = Response.Status.fromStatusCode(a.getStatus());
            res.setStatus(a.getStatus() + (known == null ? "" : " " + known.getReasonPhrase()));
            if (a.getHeaderString(HttpHeaders.LOCATION) != null) {
                res.setLocation(a.getHeaderString(HttpHeaders.LOCATION));
            }
            if (a.getHeaderString(HttpHeaders.ETAG) != null) {
                res.setEtag(a.getHeaderString(HttpHeaders.ETAG));
            }
            if (a.getLastModified() != null) {
                res.setLastModified(new Date(a.getLastModified().getTime()));
            }
            if (a.getEntity() instanceof OperationOutcome oo) {
                res.setOutcome(oo);
            } else if (a.getEntity() instanceof Resource r) {
                if (r.getIdElement().hasIdPart() && !(r instanceof Bundle)) {
                    e.setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart());
                }
                if (!minimal) {
                    e.setResource(r);
                }
            }
        }
        return out;
    }
}
