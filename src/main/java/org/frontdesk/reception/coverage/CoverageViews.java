package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.coverage.CoverageJson.CoverageView;

/** A coverage as the desk's JSON shows it (payer and latest eligibility included). */
@ApplicationScoped
class CoverageViews {

    @Inject CoverageMapper mapper;
    @Inject PayerService payers;
    @Inject EligibilityService eligibility;

    public CoverageView view(Coverage c) {
        return mapper.toView(c, payers.get(c.payerId), eligibility.latest(c.id).orElse(null));
    }
}
