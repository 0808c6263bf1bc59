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

    /**
     * How long a freed time offered to a waitlist entry is held for that patient (counted from the
     * end of the quiet hours when it is offered in them, so the patient can be told; never past
     * the offered start). A lapsed or declined offer passes to the next matching entry.
     */
    @WithDefault("PT2H")
    Duration waitlistOfferDuration();

    /** Furthest ahead a free-slot search may look, in days. */
    @WithDefault("92")
    int maxSearchDays();

    EligibilityDayBefore eligibilityDayBefore();

    /**
     * The day-before eligibility job: from {@link #at} in each location's zone, tomorrow's booked
     * visits whose patient's check is missing or stale get a queued check.
     */
    interface EligibilityDayBefore {
        /** Whether this instance runs the job (any number may: each visit is checked once). */
        @WithDefault("true")
        boolean enabled();

        /** The local time (each location's zone) from which the next day's visits are checked. */
        @WithDefault("17:00")
        java.time.LocalTime at();

        /** How often the job looks (a run missed while every instance was down is caught up at the next). */
        @WithDefault("5m")
        String every();
    }
}
