package org.frontdesk.reception.claims;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.shared.DatabaseGauges;

import java.time.Instant;
import java.util.List;

/**
 * Prometheus gauges read from the database on each scrape, so every replica reports the same
 * truth: claims by status ({@code reception_claims{status=...}}), the outbox's pending depth and
 * the age of its oldest pending row in seconds.
 */
@ApplicationScoped
public class ClaimMetrics {

    private static final List<String> STATUSES = List.of("draft", "ready", "queued", "submitted", "accepted", "rejected",
            "pended", "paid", "partially-paid", "denied", "needs-attention", "void");

    private final EntityManager em;

    public ClaimMetrics(EntityManager em) {
        this.em = em;
    }

    void register(@Observes StartupEvent e, MeterRegistry registry) {
        for (String status : STATUSES) {
            Gauge.builder("reception.claims", this, m -> m.count("select count(*) from claim where status = '" + status + "'"))
                    .tag("status", status).description("Claims in this status").register(registry);
        }
        Gauge.builder("reception.claim.outbox.depth", this,
                        m -> m.count("select count(*) from claim_outbox where state = 'pending'"))
                .description("Claim submissions waiting to be delivered").register(registry);
        Gauge.builder("reception.claim.outbox.oldest.age", this, ClaimMetrics::oldestPendingSeconds)
                .baseUnit("seconds").description("Age of the oldest undelivered claim submission").register(registry);
    }

    private double count(String sql) {
        return DatabaseGauges.count(em, sql);
    }

    private double oldestPendingSeconds() {
        try {
            Object oldest = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "select min(created_at) from claim_outbox where state = 'pending'").getSingleResult());
            if (oldest == null) {
                return 0;
            }
            Instant at = oldest instanceof Instant i ? i : ((java.time.OffsetDateTime) oldest).toInstant();
            return Math.max(0, (Instant.now().toEpochMilli() - at.toEpochMilli()) / 1000.0);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
