package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.frontdesk.reception.coverage.EligibilityAnswered;
import org.frontdesk.reception.shared.Changes;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * An insurer's eligibility answer is news for the day list: each of the patient's visits on the
 * day asked about (in its location's zone) gets a row change on the desk's live feed, in the
 * answer's transaction.
 */
@ApplicationScoped
class DayListEligibility {

    @Inject Changes changes;
    @Inject SchedulingSetupService setup;

    void onAnswer(@Observes EligibilityAnswered answer) {
        if (answer.serviceDate() == null) {
            return;
        }
        // a day in any zone lies within a day and 14 hours either side of UTC midnight
        var from = answer.serviceDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().minus(Duration.ofHours(14));
        var to = from.plus(Duration.ofHours(24 + 28));
        List<Appointment> visits = Appointment.list("patientId = ?1 and startsAt >= ?2 and startsAt < ?3 and status in "
                + "('booked', 'arrived', 'checked-in', 'fulfilled')", answer.patientId(), from, to);
        for (Appointment a : visits) {
            LocalDate day = setup.findLocation(a.locationId).map(l -> a.startsAt.atZone(l.zone()).toLocalDate())
                    .orElse(null);
            if (answer.serviceDate().equals(day)) {
                changes.record(new Changes.Change("Appointment", a.id, List.of(), "eligibility", a.patientId,
                        a.locationId, a.practitionerId, a.id, answer.result()));
            }
        }
    }
}
