package org.frontdesk.reception.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code reception.billing.*}: the patient statement cycle. */
@ConfigMapping(prefix = "reception.billing")
public interface BillingConfig {

    /** Days between two statements to the same guarantor. */
    @WithDefault("30")
    int statementCycleDays();

    /** Days from the statement date to its due date. */
    @WithDefault("21")
    int statementDueDays();

    /** Where the statement says to pay or call. */
    @WithDefault("Questions about this statement? Call the billing office.")
    String statementFooter();
}
