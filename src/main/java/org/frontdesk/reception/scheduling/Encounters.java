package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Where;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps each visit's Encounter in step with its appointment, in the transaction that changes the
 * appointment: arrival or check-in opens it (check-in makes it in progress), fulfilment finishes
 * it, and a visit undone after arrival cancels it (or marks it entered in error).
 */
@ApplicationScoped
class Encounters {

    /** Encounter statuses, by the appointment status that brings them. */
    private static final Map<AppointmentStatus, String> STATUS = Map.of(
            AppointmentStatus.ARRIVED, "arrived",
            AppointmentStatus.CHECKED_IN, "in-progress",
            AppointmentStatus.FULFILLED, "finished",
            AppointmentStatus.CANCELLED, "cancelled",
            AppointmentStatus.NOSHOW, "cancelled",
            AppointmentStatus.ENTERED_IN_ERROR, "entered-in-error");

    @Inject SchedulingSetupService setup;

    void follow(@Observes AppointmentStatusChanged change) {
        String status = STATUS.get(change.to());
        if (status == null) {
            return;
        }
        Encounter e = Encounter.find("appointmentId", change.appointmentId()).firstResult();
        boolean opens = change.to() == AppointmentStatus.ARRIVED || change.to() == AppointmentStatus.CHECKED_IN;
        if (e == null) {
            if (!opens) {
                return; // a visit that never started has no encounter to close
            }
            Appointment a = Appointment.findById(change.appointmentId());
            e = new Encounter();
            e.id = UUID.randomUUID();
            e.appointmentId = a.id;
            e.patientId = a.patientId;
            e.practitionerId = a.practitionerId;
            e.locationId = a.locationId;
            e.periodStart = change.at();
            e.createdAt = change.at();
        }
        if (opens && e.status != null && !e.status.equals("arrived") && !e.status.equals("in-progress")) {
            e.periodEnd = null; // a no-show that came after all: the visit is on again
        }
        e.status = status;
        if (status.equals("finished") || status.equals("cancelled") || status.equals("entered-in-error")) {
            e.periodEnd = change.at();
        }
        e.updatedAt = change.at();
        e.persist();
    }

    public Encounter get(UUID id) {
        return ProblemException.orNotFound(Encounter.findById(id), "Encounter", id);
    }

    /** What an encounter search asks; each criterion given must hold. */
    public record Search(UUID patientId, UUID appointmentId, String status, Instant startsFrom, Instant startsBefore) {
    }

    public PageResult<Encounter> search(Search s, Criteria c, int offset, int count) {
        Where w = c.applyTo(new Where(), "updatedAt").and("patientId = ?", s.patientId())
                .and("appointmentId = ?", s.appointmentId()).and("status = ?", s.status())
                .and("periodStart >= ?", s.startsFrom()).and("periodStart < ?", s.startsBefore());
        return PageResult.of(Encounter.find(w.query() + c.orderBy(Map.of("_lastUpdated", "updatedAt", "date", "periodStart"),
                "periodStart, id"), w.args()), offset, count);
    }
}
