package org.frontdesk.reception.scheduling;

import java.time.Instant;
import java.util.UUID;

/**
 * Fired (synchronously, inside the changing transaction) each time an appointment's status
 * changes, so later features (payments, reminders) can act on arrivals and cancellations
 * without scheduling knowing them. An observer that fails rolls the change back.
 */
public record AppointmentStatusChanged(UUID appointmentId, UUID patientId, UUID locationId, UUID visitTypeId,
                                       Instant startsAt, AppointmentStatus from, AppointmentStatus to, String reason,
                                       Instant at) {
}
