package org.frontdesk.reception.coverage;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Fired (synchronously, inside the answer's transaction) when an eligibility check has its
 * answer, so the day list (scheduling) can show it on the patient's visits of that day without
 * coverage knowing appointments.
 */
public record EligibilityAnswered(UUID checkId, UUID coverageId, UUID patientId, LocalDate serviceDate,
                                  String result) {
}
