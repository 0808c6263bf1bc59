package org.frontdesk.reception.notifications;

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
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Subscription on the FHIR face (R4, Subscriptions R5 Backport IG): create, read, search,
 * update and delete a client's own topic-based subscriptions, and {@code $status} on one or all
 * of them. The topics are listed in the CapabilityStatement by canonical URL.
 */
@ApplicationScoped
class SubscriptionFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY;

    static {
        ResourceCapability.Builder b = ResourceCapability.of("Subscription")
                .interactions(Interaction.READ, Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE,
                        Interaction.SEARCH)
                .conditional(false)
                .param("status", "token", "requested | active | error | off")
                .param("url", "uri", "The channel's endpoint, exactly")
                .param("topic", "uri", "The topic's canonical URL (Subscription.criteria)")
                .operation("status", SubscriptionFhirMapper.STATUS_OPERATION, 'r', AuditAction.READ, false, true)
                .instanceOperation("status", SubscriptionFhirMapper.STATUS_OPERATION, 'r', AuditAction.READ, false, true);
        for (String url : Topic.urls()) {
            b.canonical(SubscriptionFhirMapper.TOPIC_CANONICAL, url);
        }
        CAPABILITY = b.build();
    }

    @Inject SubscriptionService subscriptions;
    @Inject SubscriptionFhirMapper mapper;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public Map<String, String> elements() {
        return Map.of("/criteria", "Subscription.criteria", "/status", "Subscription.status",
                "/channel", "Subscription.channel");
    }

    @Override
    public FhirRecord read(String id) {
        return record(subscriptions.get(FhirSearch.id(id, "Subscription")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        List<String> statuses = q.all("status").stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).toList();
        return subscriptions.search(statuses, q.first("topic"), q.first("url"), q.offset(), q.count())
                .map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        return record(subscriptions.create(mapper.draft((org.hl7.fhir.r4.model.Subscription) body)));
    }

    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        return record(subscriptions.update(FhirSearch.id(id, "Subscription"), ifMatch,
                mapper.draft((org.hl7.fhir.r4.model.Subscription) body)));
    }

    @Override
    public void delete(String id, String ifMatch) {
        subscriptions.delete(FhirSearch.id(id, "Subscription"), ifMatch);
    }

    @Override
    public Response operation(ResourceCapability.Operation operation, String id, Resource body,
                              MultivaluedMap<String, String> query, String base) {
        List<UUID> ids = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        if (id != null) {
            ids.add(FhirSearch.id(id, "Subscription"));
            subscriptions.get(ids.get(0)); // another client's (or none) is not found
        } else {
            for (String raw : values(query, body, "id")) {
                ids.add(FhirSearch.id(raw.startsWith("Subscription/") ? raw.substring("Subscription/".length()) : raw,
                        "Subscription"));
            }
        }
        statuses.addAll(values(query, body, "status"));
        return Response.ok(mapper.statuses(subscriptions.statusOf(ids, statuses))).build();
    }

    /** A parameter's values, from the query (GET) or a Parameters body (POST). */
    private static List<String> values(MultivaluedMap<String, String> query, Resource body, String name) {
        List<String> out = new ArrayList<>();
        if (query != null && query.get(name) != null) {
            query.get(name).forEach(v -> out.addAll(List.of(v.split(","))));
        }
        if (body instanceof Parameters p) {
            for (Parameters.ParametersParameterComponent x : p.getParameter()) {
                if (!name.equals(x.getName())) {
                    continue;
                }
                String v = x.getValue() == null ? null : x.getValue().primitiveValue();
                if (v == null) {
                    throw ProblemException.badRequest("$status takes " + name + " as a simple value.",
                            List.of(new FieldError("Parameters.parameter." + name, "must be a string, id or code")));
                }
                out.add(v);
            }
        } else if (body != null) {
            throw ProblemException.badRequest("$status takes a Parameters body (or none).",
                    List.of(new FieldError("resourceType", "must be Parameters")));
        }
        return out;
    }

    private FhirRecord record(Subscription s) {
        return new FhirRecord(mapper.toFhir(s), s.version, s.updatedAt, null);
    }
}
