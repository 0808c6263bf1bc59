package org.frontdesk.reception.reminders;

import jakarta.inject.Inject;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.shared.DatabaseGauges;

/**
 * Gauges read from the database on each scrape (the same on every replica):
 * {@code reception_reminders_pending} and {@code reception_reminders_overdue}, reminders due more
 * than five minutes ago and still not sent (the job is down, or the provider is), and
 * {@code reception_patient_messages_pending}.
 */
@ApplicationScoped
class ReminderMetrics {

    @Inject EntityManager em;

    void register(@Observes StartupEvent e, MeterRegistry registry) {
        Gauge.builder("reception.reminders.pending", this, m -> DatabaseGauges.count(m.em,
                        "select count(*) from reminder where state = 'pending'"))
                .description("Reminders planned and not yet sent").register(registry);
        Gauge.builder("reception.reminders.overdue", this, m -> DatabaseGauges.count(m.em,
                        "select count(*) from reminder where state = 'pending' and next_attempt_at < now() - interval '5 minutes'"))
                .description("Reminders due more than five minutes ago and not sent").register(registry);
        Gauge.builder("reception.patient.messages.pending", this, m -> DatabaseGauges.count(m.em,
                        "select count(*) from patient_message where state = 'pending'"))
                .description("Messages other features asked for (waitlist offers, form links) not yet sent or given up")
                .register(registry);
    }
}
