package org.frontdesk.reception.payments;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

@ConfigMapping(prefix = "reception.payments")
public interface PaymentsConfig {

    /** The practice's one currency (ISO 4217); every amount is in it. */
    @WithDefault("USD")
    String currency();

    /** Roles that may refund or void a payment. */
    @WithDefault("billing,admin")
    List<String> adjustRoles();

    /** The practice's name and address lines, printed on receipts. */
    @WithDefault("Front Desk Practice")
    String practiceName();

    java.util.Optional<List<String>> practiceAddress();
}
