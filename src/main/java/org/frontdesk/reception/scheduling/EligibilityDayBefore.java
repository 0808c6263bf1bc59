package org.frontdesk.reception.scheduling;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.coverage.EligibilityService;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Eligibility the day before: a sweeper that, for each location whose local time has reached
 * {@code reception.scheduling.eligibility-day-before.at}, queues a check for tomorrow's (local)
 * booked visits whose patient's primary coverage has no fresh answer ({@link EligibilityService#freshness};
 * an unknown one is asked again): one question per coverage and day, however many visits. The checks go through the eligibility queue,
 * which the leased worker sends at each payer's rate; nothing calls an insurer here.
 *
 * <p>Nothing is kept in memory: every run looks again, and the database keeps each coverage to
 * one day-before question per day, so any number of instances may run it at once, a restart
 * asks nothing twice, a visit booked after the first run is picked up by the next, and a day
 * whose evening run was missed (every instance down) is caught up once on the day itself, for
 * the visits still ahead.
 */
@ApplicationScoped
class EligibilityDayBefore {

    private static final Logger LOG = Logger.getLogger(EligibilityDayBefore.class);

    @Inject SchedulingConfig config;
    @Inject SchedulingSetupService setup;
    @Inject AppointmentService appointments;
    @Inject EligibilityService eligibility;
    @Inject EntityManager em;
    @Inject Clock clock;

    @Scheduled(every = "${reception.scheduling.eligibility-day-before.every:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweepJob() {
        if (!config.eligibilityDayBefore().enabled()) {
            return;
        }
        int queued = sweep(clock.instant());
        if (queued > 0) {
            LOG.infof("Queued %d day-before eligibility check(s)", queued);
        }
    }

    /**
     * One run as if it were {@code now}: each active location in a transaction of its own (one
     * that fails is logged and holds up no other). Returns how many checks were queued.
     */
    int sweep(Instant now) {
        List<UUID> locations = QuarkusTransaction.requiringNew().call(() ->
                setup.locations().stream().filter(l -> l.active).map(l -> l.id).toList());
        int queued = 0;
        for (UUID id : locations) {
            try {
                queued += QuarkusTransaction.requiringNew().call(() -> sweep(setup.location(id), now));
            } catch (RuntimeException e) {
                LOG.warnf("Day-before eligibility run for location %s failed: %s", id, e.getClass().getName());
            }
        }
        return queued;
    }

    private int sweep(Location location, Instant now) {
        ZoneId zone = location.zone();
        ZonedDateTime local = now.atZone(zone);
        LocalDate today = local.toLocalDate();
        int queued = 0;
        if (!local.toLocalTime().isBefore(config.eligibilityDayBefore().at())) {
            queued += sweep(location, today.plusDays(1), now);
        }
        if (!swept(location.id, today)) {
            queued += sweep(location, today, now); // yesterday evening's run never happened
        }
        return queued;
    }

    /** Queues the checks of one local day's visits still ahead, and records that the day was swept. */
    private int sweep(Location location, LocalDate day, Instant now) {
        // the day's bounds in the location's zone: a 23- or 25-hour day when the clocks change
        List<Appointment> visits = appointments.day(location.id, day).stream()
                .filter(a -> a.status() == AppointmentStatus.BOOKED && a.patientId != null && a.startsAt.isAfter(now))
                .sorted(Comparator.comparing((Appointment a) -> a.startsAt).thenComparing(a -> a.id))
                .toList();
        int queued = 0;
        if (!visits.isEmpty()) {
            Set<UUID> patients = visits.stream().map(a -> a.patientId).collect(Collectors.toSet());
            Map<UUID, EligibilityService.Freshness> fresh = eligibility.freshness(patients, day, location.zone());
            Map<UUID, VisitType> types = setup.visitTypes().stream().collect(Collectors.toMap(v -> v.id, v -> v));
            // one question per coverage, about the benefit of the patient's first visit that day
            Map<UUID, String> ask = new LinkedHashMap<>();
            for (Appointment a : visits) {
                EligibilityService.Freshness f = fresh.get(a.patientId);
                // an answer that was no answer (unknown: the insurer down, a 5xx) is asked again too;
                // the unique key keeps it to one day-before question, so a failing payer is not hammered
                if (f != null && f.needsAsking()) {
                    VisitType type = types.get(a.visitTypeId);
                    ask.putIfAbsent(f.coverageId(), type == null ? null : type.benefitCategory);
                }
            }
            queued = eligibility.queueDayBefore(ask, day);
        }
        em.createNativeQuery("insert into eligibility_sweep (location_id, service_date, swept_at) values (?1, ?2, ?3) "
                + "on conflict do nothing").setParameter(1, location.id).setParameter(2, day).setParameter(3, now)
                .executeUpdate();
        return queued;
    }

    private boolean swept(UUID locationId, LocalDate day) {
        return !em.createNativeQuery("select 1 from eligibility_sweep where location_id = ?1 and service_date = ?2")
                .setParameter(1, locationId).setParameter(2, day).getResultList().isEmpty();
    }
}
