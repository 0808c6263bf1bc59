package org.frontdesk.reception.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.SmartScopePolicy;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.OutboundUrls;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Where;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules of subscriptions, for every face that manages them: a known topic with filters it
 * understands, a rest-hook endpoint we may call (https to a public address, the same checks as
 * payer URLs), bounded headers and timings, and a client that may read what the topic's
 * notifications carry. A client sees and manages only its own subscriptions. A new subscription
 * (or one whose channel changed, or that the client turns back on) is {@code requested} until
 * its handshake succeeds.
 */
@ApplicationScoped
class SubscriptionService {

    static final int MAX_FILTERS = 10;
    static final int MAX_HEADERS = 10;
    static final int MAX_STATUS_IDS = 100;
    /** Subscription.status codes (the database's check says the same). */
    static final Set<String> STATUSES = Set.of("requested", "active", "error", "off");
    /** A header value shown in place of the stored one; sent back unchanged, it keeps the stored value. */
    static final String MASK = "****";
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-type", "content-length",
            "transfer-encoding", "connection", "expect", "upgrade", NotificationSender.SIGNATURE.toLowerCase(Locale.ROOT));
    private static final Set<String> PAYLOADS = Set.of("application/fhir+json", "application/fhir+xml");
    private static final Set<String> CONTENTS = Set.of("empty", "id-only", "full-resource");

    /** A subscription as a client asks for it (the FHIR face's reading of its body). */
    record Draft(String status, String reason, String topicUrl, List<String> filters, String channelType,
                        String endpoint, String payloadType, String content, List<String> headers, String secret,
                        Integer heartbeatSeconds, Integer timeoutSeconds, Integer maxCount, Instant end) {
    }

    @Inject Caller caller;
    @Inject NotificationsConfig config;
    @Inject Clock clock;
    @Inject jakarta.persistence.EntityManager em;
    @Inject NotificationDelivery delivery;

    @Transactional
    public Subscription create(Draft d) {
        reachable(d.endpoint());
        Subscription s = new Subscription();
        s.id = UUID.randomUUID();
        s.clientId = caller.clientId();
        s.scopes = caller.scopes();
        // the database's clock, as the changes' own times are: it hears of changes from this moment on
        s.createdAt = NotificationDelivery.instant(em.createNativeQuery("select clock_timestamp()").getSingleResult());
        apply(d, s, null);
        // one create at a time per client, so parallel creates can't pass the limit together
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 19))")
                .setParameter(1, "subscriptions:" + s.clientId).getSingleResult();
        long held = Subscription.count("clientId = ?1 and status <> 'off'", s.clientId);
        if (held >= config.maxSubscriptionsPerClient()) {
            throw new ProblemException(Problem.of(422, "/problems/too-many-subscriptions", "Too many subscriptions",
                    "This client already holds " + held + " subscriptions; delete or turn off some first."));
        }
        if ("off".equals(d.status())) {
            stop(s, "off");
        } else {
            request(s);
        }
        s.persist();
        delivery.wake();
        return s;
    }

    @Transactional
    public Subscription update(UUID id, String ifMatch, Draft d) {
        get(id);
        reachable(d.endpoint()); // before the row is locked: a slow name lookup must not hold up publishing
        Subscription s = locked(id);
        ETags.check(ifMatch, s.version, false);
        Subscription before = copyOfChannel(s);
        s.scopes = caller.scopes();
        apply(d, s, before);
        boolean channelChanged = !Objects.equals(before.endpoint, s.endpoint) || !before.headers.equals(s.headers)
                || !Objects.equals(before.hmacSecret, s.hmacSecret) || !before.content.equals(s.content)
                || !before.payloadType.equals(s.payloadType);
        if ("off".equals(d.status())) {
            stop(s, "off");
        } else if (channelChanged || "error".equals(s.status) || "off".equals(s.status)) {
            request(s); // a new channel, or the client turning it back on: handshake again
        }
        s.updatedAt = clock.instant();
        s.version++;
        delivery.wake();
        return s;
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        Subscription s = locked(id);
        ETags.check(ifMatch, s.version, false);
        s.delete();
    }

    /** One of the caller's subscriptions (another client's is not found: it is none of theirs). */
    public Subscription get(UUID id) {
        Subscription s = Subscription.findById(id);
        if (s == null || !s.clientId.equals(caller.clientId())) {
            throw ProblemException.notFound("Subscription", id);
        }
        return s;
    }

    /** One of the caller's subscriptions, locked for a write: client writes queue, so If-Match holds. */
    private Subscription locked(UUID id) {
        Subscription s = get(id);
        em.refresh(s, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        return s;
    }

    /** The caller's subscriptions, by status, topic URL and endpoint. */
    public PageResult<Subscription> search(List<String> statuses, String topicUrl, String endpoint, int offset, int count) {
        String topic = topicUrl == null ? null : Topic.ofUrl(topicUrl).map(t -> t.code).orElse("-");
        Where w = new Where().and("clientId = ?", caller.clientId())
                .and("status in ?", statuses == null || statuses.isEmpty() ? null : statuses)
                .and("topic = ?", topic)
                .and("endpoint = ?", endpoint);
        return PageResult.of(Subscription.find(w.query() + " order by createdAt, id", w.args()), offset, count);
    }

    /**
     * The caller's subscriptions whose status the {@code $status} operation reports (ids and
     * statuses ORed; none: all), at most {@link #MAX_STATUS_IDS} named.
     */
    public List<Subscription> statusOf(List<UUID> ids, List<String> statuses) {
        if (ids != null && ids.size() > MAX_STATUS_IDS) {
            throw ProblemException.badRequest("$status takes at most " + MAX_STATUS_IDS + " ids.",
                    List.of(new FieldError("Parameters.parameter.id", "too many")));
        }
        if (statuses != null && !STATUSES.containsAll(statuses)) {
            throw ProblemException.badRequest("$status takes status requested, active, error or off.",
                    List.of(new FieldError("Parameters.parameter.status", "is not a subscription status")));
        }
        Where w = new Where().and("clientId = ?", caller.clientId())
                .and("id in ?", ids == null || ids.isEmpty() ? null : ids)
                .and("status in ?", statuses == null || statuses.isEmpty() ? null : statuses);
        return Subscription.<Subscription>find(w.query() + " order by createdAt, id", w.args()).page(0, 100).list();
    }

    // ------------------------------------------------------------------ rules

    private void apply(Draft d, Subscription s, Subscription before) {
        List<FieldError> errors = new ArrayList<>();
        if (d.status() != null && !STATUSES.contains(d.status())) {
            errors.add(new FieldError("/status", "must be requested, active, error or off"));
        }
        Topic topic = Topic.ofUrl(d.topicUrl()).orElse(null);
        if (topic == null) {
            errors.add(new FieldError("/criteria", "is not a topic of this server (GET /fhir/metadata lists "
                    + "them: " + String.join(", ", Topic.urls()) + ")"));
        } else {
            s.topic = topic.code;
            filters(topic, d.filters(), s, errors);
        }
        if (!"rest-hook".equals(d.channelType())) {
            errors.add(new FieldError("/channel/type", "must be rest-hook (the only channel this server sends on)"));
        }
        endpoint(d.endpoint(), errors);
        s.endpoint = d.endpoint();
        s.payloadType = d.payloadType() == null ? "application/fhir+json" : d.payloadType();
        if (!PAYLOADS.contains(s.payloadType)) {
            errors.add(new FieldError("/channel/payload", "must be application/fhir+json or application/fhir+xml"));
        }
        s.content = d.content() == null ? "id-only" : d.content();
        if (!CONTENTS.contains(s.content)) {
            errors.add(new FieldError("/channel/payload", "content must be empty, id-only or full-resource"));
        }
        s.headers = headers(d.headers(), before, errors);
        if (d.secret() != null) {
            if (d.secret().length() < 16 || d.secret().length() > 200) {
                errors.add(new FieldError("/channel", "the signing secret must be 16 to 200 characters"));
            }
            s.hmacSecret = d.secret();
        } else if (before != null) {
            s.hmacSecret = before.hmacSecret;
        }
        s.heartbeatSeconds = bounded(d.heartbeatSeconds(), null, config.minHeartbeatSeconds(), 86_400, "heartbeat period", errors);
        s.timeoutSeconds = bounded(d.timeoutSeconds(), 10, 1, 60, "timeout", errors);
        s.maxCount = bounded(d.maxCount(), 20, 1, 100, "max count", errors);
        s.endAt = d.end();
        s.reason = d.reason() == null || d.reason().isBlank() ? "Subscribed by " + caller.clientId()
                : d.reason().length() > 1000 ? d.reason().substring(0, 1000) : d.reason();
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The subscription can't be accepted as given.", errors);
        }
        // the notifications carry the topic's resources: the client must be able to read them
        if (caller.hasRole(Roles.EHR_SYSTEM) && !SmartScopePolicy.permits(caller.scopes(), topic.focus, 'r')) {
            throw new ProblemException(Problem.of(403, "/problems/scope", "Missing scope",
                    "Notifications of " + topic.url() + " are about " + topic.focus + " resources; a token with "
                            + "system/" + topic.focus + ".rs (or .read) may subscribe to it."));
        }
        s.updatedAt = clock.instant();
    }

    private void filters(Topic topic, List<String> raw, Subscription s, List<FieldError> errors) {
        s.filterPatient = null;
        s.filterLocation = null;
        s.filterPractitioner = null;
        s.filterStatus = null;
        if (raw == null) {
            return;
        }
        if (raw.size() > MAX_FILTERS) {
            errors.add(new FieldError("/criteria/extension", "at most " + MAX_FILTERS + " filters"));
            return;
        }
        Map<Topic.Filter, String> seen = new EnumMap<>(Topic.Filter.class);
        for (String f : raw) {
            if (f == null || f.length() > 500) {
                errors.add(new FieldError("/criteria/extension", "a filter must be a search string of at most 500 characters"));
                continue;
            }
            int q = f.indexOf('?');
            String type = q < 0 ? topic.focus : f.substring(0, q);
            if (!type.equals(topic.focus)) {
                errors.add(new FieldError("/criteria/extension", "filters of " + topic.url() + " are on " + topic.focus
                        + ", not " + type));
                continue;
            }
            for (String pair : f.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                Topic.Filter filter = topic.filters.stream().filter(x -> x.param.equals(name)).findFirst().orElse(null);
                if (filter == null || eq < 0) {
                    errors.add(new FieldError("/criteria/extension", "the topic " + topic.url() + " has no filter '"
                            + abbreviate(name) + "' (it has: " + String.join(", ",
                            topic.filters.stream().map(x -> x.param).sorted().toList()) + ")"));
                    continue;
                }
                String value;
                try {
                    value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("/criteria/extension", "the value of '" + name + "' is not URL-encoded text"));
                    continue;
                }
                if (seen.put(filter, value) != null) {
                    errors.add(new FieldError("/criteria/extension", "'" + name + "' may be given once"));
                    continue;
                }
                if (filter.referenceType == null) {
                    if (!statuses(topic).contains(value)) {
                        errors.add(new FieldError("/criteria/extension", "status must be one of "
                                + String.join(", ", statuses(topic))));
                    }
                    s.filterStatus = value;
                    continue;
                }
                String id = value.startsWith(filter.referenceType + "/")
                        ? value.substring(filter.referenceType.length() + 1) : value;
                UUID uuid;
                try {
                    uuid = id.length() == 36 ? UUID.fromString(id) : null;
                } catch (IllegalArgumentException e) {
                    uuid = null;
                }
                if (uuid == null) {
                    errors.add(new FieldError("/criteria/extension", "'" + name + "' must be " + filter.referenceType + "/<id>"));
                    continue;
                }
                switch (filter) {
                    case PATIENT -> s.filterPatient = uuid;
                    case LOCATION -> s.filterLocation = uuid;
                    case PRACTITIONER -> s.filterPractitioner = uuid;
                    default -> throw new IllegalStateException();
                }
            }
        }
    }

    /** The status codes a topic's {@code status} filter may name. */
    static List<String> statuses(Topic topic) {
        return switch (topic.focus) {
            case "Appointment" -> java.util.Arrays.stream(AppointmentStatus.values()).map(AppointmentStatus::code).toList();
            case "Coverage" -> List.of("active", "cancelled", "draft", "entered-in-error");
            case "ClaimResponse" -> List.of("queued", "complete", "error", "partial");
            default -> List.of();
        };
    }

    /** The endpoint's form (the address checks are {@link #reachable}'s). */
    private void endpoint(String url, List<FieldError> errors) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            errors.add(new FieldError("/channel/endpoint", "must be an https URL of at most 2000 characters"));
        }
    }

    /**
     * Refuses an endpoint we may not call: not https, or a host that resolves to a local or
     * private address (the payer URL checks). The answer says which rule, never what a name
     * resolved to: that would map the internal network for a client.
     */
    private void reachable(String url) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            return; // said by the form check
        }
        String problem = OutboundUrls.problem(url, insecureAllowed(config, url));
        if (problem != null) {
            String said = problem.startsWith("must") ? problem
                    : "must name a host that resolves to public (internet) addresses only: not a local or private one";
            throw ProblemException.badRequest("The subscription can't be accepted as given.",
                    List.of(new FieldError("/channel/endpoint", said)));
        }
    }

    /** Whether a URL's host is one the dev setting lets us call over http and at a local address. */
    static boolean insecureAllowed(NotificationsConfig config, String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && config.insecureHosts().orElse(List.of()).stream()
                    .anyMatch(h -> h.equalsIgnoreCase(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> headers(List<String> raw, Subscription before, List<FieldError> errors) {
        if (raw == null) {
            return new ArrayList<>();
        }
        if (raw.size() > MAX_HEADERS) {
            errors.add(new FieldError("/channel/header", "at most " + MAX_HEADERS + " headers"));
            return new ArrayList<>();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : raw) {
            int colon = h == null ? -1 : h.indexOf(':');
            String name = colon < 0 ? "" : h.substring(0, colon).trim();
            String value = colon < 0 ? "" : h.substring(colon + 1).trim();
            if (h == null || h.length() > 1000 || !HEADER_NAME.matcher(name).matches() || value.isEmpty()
                    || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c > 0x7e)) {
                errors.add(new FieldError("/channel/header", "each header must be 'Name: value' (at most 1000 "
                        + "characters, printable ASCII: no control characters)"));
                continue;
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError("/channel/header", "the header " + name + " is set by the server"));
                continue;
            }
            if (MASK.equals(value)) {
                String kept = before == null ? null : before.headers.stream()
                        .filter(old -> old.regionMatches(true, 0, name + ":", 0, name.length() + 1)).findFirst().orElse(null);
                if (kept == null) {
                    errors.add(new FieldError("/channel/header", "the header " + name + " has no stored value to keep"));
                    continue;
                }
                value = kept.substring(kept.indexOf(':') + 1).trim();
            }
            out.put(name.toLowerCase(Locale.ROOT), name + ": " + value);
        }
        return new ArrayList<>(out.values());
    }

    private static Integer bounded(Integer v, Integer dflt, int min, int max, String what, List<FieldError> errors) {
        if (v == null) {
            return dflt;
        }
        if (v < min || v > max) {
            errors.add(new FieldError("/channel", "the " + what + " must be " + min + " to " + max));
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static Subscription copyOfChannel(Subscription s) {
        Subscription c = new Subscription();
        c.endpoint = s.endpoint;
        c.headers = List.copyOf(s.headers);
        c.hmacSecret = s.hmacSecret;
        c.content = s.content;
        c.payloadType = s.payloadType;
        return c;
    }

    /** Asks for a handshake: requested, delivered (the handshake first) from now. */
    private void request(Subscription s) {
        s.status = "requested";
        s.state = Subscription.PENDING;
        s.failures = 0;
        s.attempts = 0;
        s.nextAttemptAt = clock.instant();
        s.claimedUntil = null;
        s.leaseToken = null;
    }

    private static void stop(Subscription s, String status) {
        s.status = status;
        s.state = Subscription.STOPPED;
        s.claimedUntil = null;
        s.leaseToken = null;
        if (s.nextAttemptAt == null) {
            s.nextAttemptAt = s.updatedAt;
        }
    }
}
