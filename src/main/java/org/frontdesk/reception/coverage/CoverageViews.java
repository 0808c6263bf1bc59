package org.frontdesk.reception.coverage;

import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.coverage.CoverageJson.CoverageView;

/** A coverage as the desk's JSON shows it (payer and latest eligibility included). */
@ApplicationScoped
public class CoverageViews {

    private final CoverageMapper mapper;
    private final PayerService payers;
    private final EligibilityService eligibility;

    public CoverageViews(CoverageMapper mapper, PayerService payers, EligibilityService eligibility) {
        this.mapper = mapper;
        this.payers = payers;
        this.eligibility = eligibility;
    }

    public CoverageView view(Coverage c) {
        return mapper.toView(c, payers.get(c.payerId), eligibility.latest(c.id).orElse(null));
    }
}
