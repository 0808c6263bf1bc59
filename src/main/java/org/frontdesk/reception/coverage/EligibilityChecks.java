package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.shared.Idempotency;
import org.frontdesk.reception.shared.StoredResponse;

import java.time.LocalDate;
import java.util.UUID;

/**
 * An eligibility check as one idempotent {@code /api} call, whichever resource asks (a coverage,
 * an appointment): the key is claimed with the pending check in one transaction, the insurer is
 * called outside any, and the key then keeps the final answer, so a retry replays it and the
 * insurer is asked once. Its endpoints are {@code @Idempotent(phased = true)}.
 */
@ApplicationScoped
public class EligibilityChecks {

    @Inject EligibilityService eligibility;
    @Inject CoverageService coverages;
    @Inject CoverageMapper mapper;
    @Inject Idempotency idempotency;

    /** Must be called outside a transaction: the insurer is not called while one is open. */
    public Response check(UUID coverageId, String benefitCategory, LocalDate serviceDate) {
        EligibilityCheck[] asking = new EligibilityCheck[1];
        return idempotency.phased(() -> {
            asking[0] = eligibility.start(coverageId, benefitCategory, serviceDate);
            return stored(asking[0]);
        }, pending -> stored(eligibility.run(asking[0].id, asking[0].leaseToken)));
    }

    private StoredResponse stored(EligibilityCheck e) {
        return new StoredResponse(201, "/api/v1/eligibility-checks/" + e.id, null,
                idempotency.toJson(mapper.toView(e, coverages.get(e.coverageId).patientId)));
    }
}
