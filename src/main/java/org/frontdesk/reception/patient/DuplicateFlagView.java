package org.frontdesk.reception.patient;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A likely duplicate the front desk should look at: {@code patientId} may be the same person as {@code candidateId}. */
record DuplicateFlagView(UUID patientId, UUID candidateId, String reason, BigDecimal score, Instant raisedAt) {
}
