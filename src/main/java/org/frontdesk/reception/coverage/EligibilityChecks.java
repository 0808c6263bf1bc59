package org.frontdesk.reception.coverage;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.security.Caller;
import org.frontdesk.reception.shared.Idempotency;
import org.frontdesk.reception.shared.StoredResponse;

import java.time.LocalDate;
import java.util.UUID;

/**
 * An eligibility check as one idempotent {@code /api} call, whichever face asks (a coverage, an
 * appointment): the key is claimed with the pending check in one transaction, the insurer is
 * called outside any, and the key then keeps the final answer, so a retry replays it and the
 * insurer is asked once.
 */
@ApplicationScoped
public class EligibilityChecks {

    private final EligibilityService eligibility;
    private final CoverageService coverages;
    private final CoverageMapper mapper;
    private final Idempotency idempotency;
    private final Caller caller;

    public EligibilityChecks(EligibilityService eligibility, CoverageService coverages, CoverageMapper mapper,
                             Idempotency idempotency, Caller caller) {
        this.eligibility = eligibility;
        this.coverages = coverages;
        this.mapper = mapper;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    /** Must be called outside a transaction: the insurer is not called while one is open. */
    public Response once(String key, String operation, Object request, UUID coverageId, String benefitCategory,
                         LocalDate serviceDate) {
        Response started = QuarkusTransaction.requiringNew().call(() -> idempotency.once(key, true, caller.clientId(),
                operation, request, () -> stored(eligibility.start(coverageId, benefitCategory, serviceDate))));
        if (started.getHeaderString("Idempotent-Replayed") != null) {
            return started;
        }
        String location = started.getHeaderString(HttpHeaders.LOCATION);
        UUID checkId = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        StoredResponse answer = stored(eligibility.run(checkId));
        idempotency.answer(key, caller.clientId(), answer);
        return answer.toResponse(false);
    }

    private StoredResponse stored(EligibilityCheck e) {
        return new StoredResponse(201, "/api/v1/eligibility-checks/" + e.id, null,
                idempotency.toJson(mapper.toView(e, coverages.get(e.coverageId).patientId)));
    }
}
