package org.frontdesk.reception.coverage;

import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.coverage.CoverageJson.CoverageView;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.Idempotency;
import org.frontdesk.reception.shared.StoredResponse;

/** A coverage as the desk's JSON shows it (payer and latest eligibility included), and as a kept answer. */
@ApplicationScoped
public class CoverageViews {

    private final CoverageMapper mapper;
    private final PayerService payers;
    private final EligibilityService eligibility;
    private final Idempotency idempotency;

    public CoverageViews(CoverageMapper mapper, PayerService payers, EligibilityService eligibility,
                         Idempotency idempotency) {
        this.mapper = mapper;
        this.payers = payers;
        this.eligibility = eligibility;
        this.idempotency = idempotency;
    }

    public CoverageView view(Coverage c) {
        return mapper.toView(c, payers.get(c.payerId), eligibility.latest(c.id).orElse(null));
    }

    public StoredResponse stored(int status, Coverage c) {
        return new StoredResponse(status, "/api/v1/coverages/" + c.id, ETags.of(c.version), idempotency.toJson(view(c)));
    }
}
