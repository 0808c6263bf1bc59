package org.frontdesk.reception.notifications;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.frontdesk.reception.shared.LeasedRow;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A FHIR topic-based subscription (R4 backport): what the client wants to hear of (topic and
 * filters), where and how (endpoint, payload, headers, signing secret), and where its delivery
 * stands (events counted and delivered, failures, the last error). It is also its own row of
 * leased delivery work: one instance at a time delivers its events, in order.
 */
@Entity
@Table(name = "subscription")
public class Subscription extends LeasedRow {

    /** The delivery state of a subscription that is not delivered (error, off): not taken by the worker. */
    static final String STOPPED = "stopped";

    /**
     * The version of what the client set (its ETag), raised by each of its writes; delivery's
     * own bookkeeping does not raise it, so a client's If-Match does not race the deliveries.
     */
    public long version;
    /** requested | active | error | off (FHIR Subscription.status). */
    public String status;
    public String reason;
    /** The topic's code ({@link Topic}). */
    public String topic;
    public UUID filterPatient;
    public UUID filterLocation;
    public UUID filterPractitioner;
    public String filterStatus;
    public String endpoint;
    public String payloadType;
    /** empty | id-only | full-resource. */
    public String content;
    /** {@code Name: value} lines sent with every notification (channel.header). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> headers = new ArrayList<>();
    /** Signs each notification (HMAC-SHA256) when set; never shown. */
    public String hmacSecret;
    public Integer heartbeatSeconds;
    public int timeoutSeconds;
    public int maxCount;
    public Instant endAt;
    public String clientId;
    public String scopes;
    public long eventsCount;
    public long deliveredThrough;
    /** Failed deliveries in a row. */
    public int failures;
    public String lastError;
    public Instant lastErrorAt;
    public Instant lastDeliveredAt;
    public Instant lastSentAt;
    public Instant createdAt;
    public Instant updatedAt;
}
