package org.frontdesk.reception.claims;

import jakarta.inject.Inject;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.shared.DatabaseGauges;

/**
 * Prometheus gauges read from the database on each scrape, so every replica reports the same
 * truth: claims by status ({@code reception_claims{status=...}}), the outbox's pending depth and
 * the age of its oldest pending row in seconds.
 */
@ApplicationScoped
class ClaimMetrics {

    @Inject EntityManager em;

    void register(@Observes StartupEvent e, MeterRegistry registry) {
        for (ClaimStatus status : ClaimStatusPolicy.ALL) {
            Gauge.builder("reception.claims", this, m -> DatabaseGauges.count(m.em,
                            "select count(*) from claim where status = '" + status.code() + "'"))
                    .tag("status", status.code()).description("Claims in this status").register(registry);
        }
        Gauge.builder("reception.claim.outbox.depth", this,
                        m -> DatabaseGauges.count(m.em, "select count(*) from claim_outbox where state = 'pending'"))
                .description("Claim submissions waiting to be delivered").register(registry);
        Gauge.builder("reception.claim.outbox.oldest.age", this, m -> DatabaseGauges.count(m.em, """
                        select coalesce(extract(epoch from now() - min(created_at)), 0) from claim_outbox
                        where state = 'pending'"""))
                .baseUnit("seconds").description("Age of the oldest undelivered claim submission").register(registry);
    }

}
