package org.frontdesk.reception.scheduling;

import java.util.UUID;

/**
 * Fired (synchronously, inside the rescheduling transaction) once a reschedule's new appointment
 * exists, so what later features keep for a visit (its intake form) can follow it to the new
 * time. The old appointment's own move to cancelled (reason {@link AppointmentService#RESCHEDULED})
 * is fired before, as any status change is.
 */
public record AppointmentRescheduled(UUID from, UUID to) {
}
