package org.frontdesk.reception.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.shared.Changes;

import java.util.List;
import java.util.UUID;

/**
 * A visit's form changed state (sent, opened, completed, a change decided): news for the desk's
 * live day list, recorded in the transaction that changed it (no EHR topic: forms are not one).
 */
@ApplicationScoped
class IntakeNews {

    static final String DESK = "intake-form";

    @Inject AppointmentService appointments;
    @Inject Changes changes;

    void visitChanged(UUID appointmentId, String state) {
        if (appointmentId == null) {
            return;
        }
        Appointment a = appointments.get(appointmentId);
        changes.record(new Changes.Change("Appointment", a.id, List.of(), DESK, a.patientId, a.locationId,
                a.practitionerId, a.id, state));
    }
}
