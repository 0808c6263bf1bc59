package org.frontdesk.reception.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Duration;

/** The one clock of the application (UTC), so time-dependent rules can be tested with a fixed one. */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        // PostgreSQL keeps microseconds: a finer clock would make a fresh answer differ from a re-read one.
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
