package org.frontdesk.reception.reports;

import jakarta.inject.Inject;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.scheduling.AppointmentStatusChanged;
import org.frontdesk.reception.scheduling.Location;
import org.frontdesk.reception.scheduling.SchedulingSetupService;

/**
 * The report's counters as Prometheus metrics (a reschedule's cancelled old half counts as a
 * status change, not as a same-day cancellation): {@code reception_appointment_status_changes_total{to}}
 * (no-shows, arrivals, check-ins, cancellations...) and
 * {@code reception_same_day_cancellations_total}. Payments, reminders and claims count themselves.
 */
@ApplicationScoped
class ReportMetrics {

    @Inject MeterRegistry metrics;
    @Inject SchedulingSetupService setup;

    void onStatusChange(@Observes AppointmentStatusChanged change) {
        metrics.counter("reception.appointment.status.changes", "to", change.to().code()).increment();
        // a cancellation of a visit (not of a hold or waitlist entry, and not the old half of a reschedule)
        if (change.to() == AppointmentStatus.CANCELLED && change.from() == AppointmentStatus.BOOKED
                && !AppointmentService.RESCHEDULED.equals(change.reason())) {
            Location location = setup.findLocation(change.locationId()).orElse(null);
            if (location != null && change.at().atZone(location.zone()).toLocalDate()
                    .equals(change.startsAt().atZone(location.zone()).toLocalDate())) {
                metrics.counter("reception.same.day.cancellations").increment();
            }
        }
    }
}
