package org.frontdesk.reception.patient;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * Whether the patient agreed to be contacted on each channel (reminders, notices).
 *
 * @param updatedAt when consent last changed; set by the server
 */
record ConsentJson(boolean sms, boolean email, @Schema(readOnly = true) Instant updatedAt) {
}
