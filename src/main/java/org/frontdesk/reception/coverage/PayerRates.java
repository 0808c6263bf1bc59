package org.frontdesk.reception.coverage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each payer's pace for queued eligibility questions, shared by every instance: a fixed window
 * (a second, a minute, as the payer or the configuration says) and a count of the questions sent
 * in it, kept in one row per payer ({@code payer_rate_window}) so two instances together never
 * send more than the payer takes.
 */
@ApplicationScoped
class PayerRates {

    @Inject EntityManager em;
    @Inject CoverageConfig config;

    /**
     * Takes one place in the payer's current window, in the caller's transaction (the row stays
     * locked until it ends). Empty when taken; else when the next window opens, to wait until.
     */
    Optional<Instant> take(Payer payer, Instant now) {
        Duration window = window(payer);
        long ms = window.toMillis();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), ms) * ms);
        // a window older than ours starts again at 1; ours (or a later one, from an instance whose
        // clock is ahead) counts on while places are left; a full one changes nothing and returns no row
        List<?> taken = em.createNativeQuery("""
                        insert into payer_rate_window as w (payer_id, window_start, used) values (?1, ?2, 1)
                        on conflict (payer_id) do update
                            set used = case when w.window_start < excluded.window_start then 1 else w.used + 1 end,
                                window_start = greatest(w.window_start, excluded.window_start)
                            where w.window_start < excluded.window_start or w.used < ?3
                        returning used""")
                .setParameter(1, payer.id).setParameter(2, start).setParameter(3, limit(payer)).getResultList();
        return taken.isEmpty() ? Optional.of(start.plus(window)) : Optional.empty();
    }

    int limit(Payer payer) {
        return Math.max(1, payer.eligibilityRateLimit != null ? payer.eligibilityRateLimit : config.insurer().rateLimit());
    }

    /** The payer's window, between a second and an hour. */
    Duration window(Payer payer) {
        Duration w = payer.eligibilityRateWindowSeconds != null ? Duration.ofSeconds(payer.eligibilityRateWindowSeconds)
                : config.insurer().rateWindow();
        return w.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : w.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : w;
    }
}
