package org.frontdesk.reception.notifications;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirEngine;
import org.frontdesk.reception.fhir.FhirParseException;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.security.SmartScopePolicy;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UnsignedIntType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Subscriptions in FHIR terms (the R4 backport profile) and the notifications we send: the
 * history Bundle led by a {@code backport-subscription-status-r4} Parameters, with each event's
 * number, time and focus, and for {@code full-resource} the focus as the FHIR face renders it
 * now, when the subscriber's scopes let it read that type.
 */
@ApplicationScoped
class SubscriptionFhirMapper {

    static final String IG = "http://hl7.org/fhir/uv/subscriptions-backport/";
    static final String PROFILE = IG + "StructureDefinition/backport-subscription";
    static final String STATUS_PROFILE = IG + "StructureDefinition/backport-subscription-status-r4";
    static final String NOTIFICATION_PROFILE = IG + "StructureDefinition/backport-subscription-notification-r4";
    static final String FILTER = IG + "StructureDefinition/backport-filter-criteria";
    static final String CONTENT = IG + "StructureDefinition/backport-payload-content";
    static final String HEARTBEAT = IG + "StructureDefinition/backport-heartbeat-period";
    static final String TIMEOUT = IG + "StructureDefinition/backport-timeout";
    static final String MAX_COUNT = IG + "StructureDefinition/backport-max-count";
    static final String TOPIC_CANONICAL = IG + "StructureDefinition/capabilitystatement-subscriptiontopic-canonical";
    static final String STATUS_OPERATION = IG + "OperationDefinition/backport-subscription-status";
    /** Our extension on Subscription.channel: the secret notifications are signed with (write only). */
    static final String SECRET = "http://frontdesk.example.org/fhir/StructureDefinition/subscription-signing-secret";
    static final String ERROR_SYSTEM = "http://terminology.hl7.org/CodeSystem/subscription-error";

    /** One event of a notification: its number, when it happened and what it is about. */
    record Event(long number, long changeId, Instant at, String resourceType, UUID resourceId, UUID patientId,
                 String topics) {
    }

    /** A notification ready to post, and the patients whose data it carries (for the audit trail). */
    record Rendered(byte[] body, Set<UUID> patients) {
    }

    @Inject FhirContext fhir;
    @Inject FhirEngine engine;
    @Inject NotificationsConfig config;

    // ------------------------------------------------------------------ the resource

    Resource toFhir(Subscription s) {
        org.hl7.fhir.r4.model.Subscription r = new org.hl7.fhir.r4.model.Subscription();
        r.setId(s.id.toString());
        r.getMeta().addProfile(PROFILE);
        r.setStatus(org.hl7.fhir.r4.model.Subscription.SubscriptionStatus.fromCode(s.status));
        r.setReason(s.reason);
        Topic topic = Topic.ofCode(s.topic).orElseThrow();
        r.setCriteria(topic.url());
        for (String f : filters(topic, s)) {
            r.getCriteriaElement().addExtension(FILTER, new StringType(f));
        }
        if ("error".equals(s.status) && s.lastError != null) {
            r.setError(s.lastError);
        }
        if (s.endAt != null) {
            r.setEnd(Date.from(s.endAt));
        }
        var channel = r.getChannel();
        channel.setType(org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType.RESTHOOK);
        channel.setEndpoint(s.endpoint);
        channel.setPayload(s.payloadType);
        channel.getPayloadElement().addExtension(CONTENT, new CodeType(s.content));
        for (String h : s.headers) {
            channel.addHeader(h.substring(0, h.indexOf(':')) + ": " + SubscriptionService.MASK);
        }
        if (s.heartbeatSeconds != null) {
            channel.addExtension(HEARTBEAT, new UnsignedIntType(s.heartbeatSeconds));
        }
        channel.addExtension(TIMEOUT, new UnsignedIntType(s.timeoutSeconds));
        channel.addExtension(MAX_COUNT, new PositiveIntType(s.maxCount));
        return r;
    }

    private static List<String> filters(Topic topic, Subscription s) {
        List<String> out = new ArrayList<>();
        if (s.filterPatient != null) {
            out.add(topic.focus + "?patient=Patient/" + s.filterPatient);
        }
        if (s.filterLocation != null) {
            out.add(topic.focus + "?location=Location/" + s.filterLocation);
        }
        if (s.filterPractitioner != null) {
            out.add(topic.focus + "?practitioner=Practitioner/" + s.filterPractitioner);
        }
        if (s.filterStatus != null) {
            out.add(topic.focus + "?status=" + s.filterStatus);
        }
        return out;
    }

    SubscriptionService.Draft draft(org.hl7.fhir.r4.model.Subscription r) {
        var channel = r.getChannel();
        List<String> filters = new ArrayList<>();
        for (Extension e : r.getCriteriaElement().getExtensionsByUrl(FILTER)) {
            filters.add(string(e, "Subscription.criteria.extension"));
        }
        String content = null;
        for (Extension e : channel.getPayloadElement().getExtensionsByUrl(CONTENT)) {
            content = string(e, "Subscription.channel.payload.extension");
        }
        String secret = null;
        for (Extension e : channel.getExtensionsByUrl(SECRET)) {
            secret = string(e, "Subscription.channel.extension");
        }
        List<String> headers = channel.getHeader().stream().map(StringType::getValue).toList();
        return new SubscriptionService.Draft(r.hasStatus() ? r.getStatus().toCode() : null, r.getReason(),
                r.getCriteria(), filters, channel.hasType() ? channel.getType().toCode() : null, channel.getEndpoint(),
                channel.getPayload(), content, headers, secret, integer(channel, HEARTBEAT), integer(channel, TIMEOUT),
                integer(channel, MAX_COUNT), r.hasEnd() ? r.getEnd().toInstant() : null);
    }

    private static String string(Extension e, String path) {
        if (!(e.getValue() instanceof org.hl7.fhir.r4.model.PrimitiveType<?> p) || p.getValueAsString() == null) {
            throw new FhirParseException("The extension " + e.getUrl() + " needs a text value.", path);
        }
        return p.getValueAsString();
    }

    private static Integer integer(org.hl7.fhir.r4.model.Element on, String url) {
        Integer v = null;
        for (Extension e : on.getExtensionsByUrl(url)) {
            if (!(e.getValue() instanceof IntegerType i) || i.getValue() == null) {
                throw new FhirParseException("The extension " + url + " needs a whole number.",
                        "Subscription.channel.extension");
            }
            v = i.getValue();
        }
        return v;
    }

    // ------------------------------------------------------------------ notifications

    /**
     * A notification Bundle: {@code type} is handshake, heartbeat or event-notification; the
     * events are those it carries (none for a handshake or heartbeat).
     */
    Rendered notification(Subscription s, String type, List<Event> events) {
        String base = config.fhirBase();
        Bundle b = new Bundle();
        b.setId(UUID.randomUUID().toString());
        b.getMeta().addProfile(NOTIFICATION_PROFILE);
        b.setType(Bundle.BundleType.HISTORY);
        b.setTimestamp(new Date());
        Parameters status = status(s, type, base);
        boolean withFocus = !"empty".equals(s.content);
        Set<UUID> patients = new LinkedHashSet<>();
        List<Bundle.BundleEntryComponent> entries = new ArrayList<>();
        for (Event e : events) {
            Parameters.ParametersParameterComponent n = status.addParameter().setName("notification-event");
            n.addPart().setName("event-number").setValue(new StringType(Long.toString(e.number())));
            n.addPart().setName("timestamp").setValue(new InstantType(Date.from(e.at())));
            if (!withFocus) {
                continue;
            }
            String url = base + "/" + e.resourceType() + "/" + e.resourceId();
            n.addPart().setName("focus").setValue(new Reference(url));
            if (e.patientId() != null) {
                patients.add(e.patientId());
            }
            Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent().setFullUrl(url);
            boolean created = e.topics().contains("booked") || e.topics().contains("registered");
            entry.getRequest().setMethod(created ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                    .setUrl(created ? e.resourceType() : e.resourceType() + "/" + e.resourceId());
            if ("full-resource".equals(s.content)) {
                Resource focus = readable(s, e);
                if (focus != null) {
                    entry.setResource(focus);
                    entry.getResponse().setStatus(created ? "201" : "200");
                }
            }
            entries.add(entry);
        }
        Bundle.BundleEntryComponent first = b.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(status);
        first.getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(base + "/Subscription/" + s.id + "/$status");
        first.getResponse().setStatus("200");
        entries.forEach(b::addEntry);
        String text = s.payloadType.endsWith("xml") ? fhir.newXmlParser().encodeResourceToString(b)
                : fhir.newJsonParser().encodeResourceToString(b);
        return new Rendered(text.getBytes(StandardCharsets.UTF_8), patients);
    }

    /**
     * The focus as the FHIR face renders it when the event is first sent, when the subscriber's
     * scopes could read it; else none. Every subscription sent the same event within
     * {@link #RENDERED_FOR} gets the same rendering (they are sent together: one read, one body).
     */
    private Resource readable(Subscription s, Event e) {
        if (s.scopes != null && !SmartScopePolicy.permits(s.scopes, e.resourceType(), 'r')) {
            return null;
        }
        FhirType type = engine.types().get(e.resourceType());
        if (type == null || !type.capability().offers(org.frontdesk.reception.fhir.Interaction.READ)) {
            return null;
        }
        String key = e.changeId() + "";
        long now = System.nanoTime();
        synchronized (rendered) {
            Long at = renderedAt.get(key);
            if (at != null && now - at < RENDERED_FOR.toNanos()) {
                Resource r = (Resource) rendered.get(key);
                return r == null ? null : r.copy();
            }
        }
        Resource resource;
        try {
            resource = type.read(e.resourceId().toString()).stamped();
        } catch (RuntimeException gone) {
            resource = null; // deleted since: the notification says what happened, the entry has no resource
        }
        synchronized (rendered) {
            rendered.put(key, resource);
            renderedAt.put(key, now);
        }
        return resource == null ? null : resource.copy();
    }

    /** How long one event's rendering serves the other subscriptions it is sent to. */
    static final java.time.Duration RENDERED_FOR = java.time.Duration.ofSeconds(5);

    /** The latest renderings by change (null: none could be read), bounded (the oldest go first), and when each was made. */
    private final java.util.Map<String, Object> rendered = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Object> eldest) {
            if (size() > 2_000) {
                renderedAt.remove(eldest.getKey());
                return true;
            }
            return false;
        }
    };
    private final java.util.Map<String, Long> renderedAt = new java.util.HashMap<>();

    /** The subscription's status as the notification (or $status) tells it. */
    Parameters status(Subscription s, String type, String base) {
        Parameters p = new Parameters();
        p.setId(UUID.randomUUID().toString());
        p.getMeta().addProfile(STATUS_PROFILE);
        p.addParameter().setName("subscription").setValue(new Reference(base + "/Subscription/" + s.id));
        if (!"empty".equals(s.content)) { // the IG: no topic in an empty notification
            p.addParameter().setName("topic").setValue(new CanonicalType(Topic.ofCode(s.topic).orElseThrow().url()));
        }
        p.addParameter().setName("status").setValue(new CodeType(s.status));
        p.addParameter().setName("type").setValue(new CodeType(type));
        p.addParameter().setName("events-since-subscription-start")
                .setValue(new StringType(Long.toString(s.eventsCount)));
        if (s.lastError != null && ("error".equals(s.status) || s.failures > 0)) {
            p.addParameter().setName("error").setValue(new CodeableConcept(new Coding(ERROR_SYSTEM,
                    s.lastError.contains("no answer") ? "no-response" : "server-error", null)).setText(s.lastError));
        }
        return p;
    }

    /** The {@code $status} answer: a searchset of the subscriptions' statuses. */
    Bundle statuses(List<Subscription> subscriptions) {
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.SEARCHSET);
        b.setTotal(subscriptions.size());
        for (Subscription s : subscriptions) {
            b.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(status(s, "query-status", config.fhirBase()))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return b;
    }
}
