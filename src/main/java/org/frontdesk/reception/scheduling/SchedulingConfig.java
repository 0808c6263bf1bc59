package org.frontdesk.reception.scheduling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of scheduling. */
@ConfigMapping(prefix = "reception.scheduling")
public interface SchedulingConfig {

    /** How long a hold keeps a slot for the caller who took it. */
    @WithDefault("PT5M")
    Duration holdDuration();

    /** Role allowed to approve an overbooking (booking over an existing appointment). */
    @WithDefault("admin")
    String overbookRole();

    /** How long after its start a still-booked appointment becomes a no-show. */
    @WithDefault("PT30M")
    Duration noShowGrace();

    /** How long a freed time offered to the first waitlist entry is held for that patient. */
    @WithDefault("PT2H")
    Duration waitlistOfferDuration();

    /** Furthest ahead a free-slot search may look, in days. */
    @WithDefault("92")
    int maxSearchDays();
}
