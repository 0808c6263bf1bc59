package org.frontdesk.reception.reminders;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientTelecom;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.scheduling.Location;
import org.frontdesk.reception.scheduling.Practitioner;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans and sends reminders. Planning inserts one row per booked visit, channel and offset
 * ({@code on conflict do nothing}: any number of instances plan the same visit once). Sending
 * takes due rows with {@code FOR UPDATE SKIP LOCKED} under a lease with a token; just before
 * each send the row is re-read and sent only if this sender still holds the lease (renewed
 * then), the visit is still booked at that time, and the patient's consent and current contact
 * allow it; it goes outside any transaction with the reminder id as idempotency key, and the
 * outcome is recorded. Failures are retried with backoff up to max-attempts.
 */
@ApplicationScoped
public class ReminderJobs {

    private static final Logger LOG = Logger.getLogger(ReminderJobs.class);
    private static final List<String> CHANNELS = List.of("sms", "email");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM 'at' HH:mm", Locale.US);
    /** A reminder whose time passed longer ago than this when it is planned (booked late) is skipped. */
    private static final Duration LATE = Duration.ofMinutes(15);

    private final EntityManager em;
    private final ReminderSender sender;
    private final RemindersConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;

    public ReminderJobs(EntityManager em, ReminderSender sender, RemindersConfig config, Clock clock, MeterRegistry metrics) {
        this.em = em;
        this.sender = sender;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Scheduled(every = "${reception.reminders.every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        if (!config.enabled()) {
            return;
        }
        plan();
        int n;
        do {
            n = send(config.batch());
        } while (n == config.batch());
    }

    /** Plans reminders of booked visits coming within the longest offset; returns how many rows were added. */
    public int plan() {
        return plan(clock.instant());
    }

    /** Plans as if it were {@code now} (tests plan visits months ahead). */
    int plan(Instant now) {
        Duration longest = config.offsets().stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Appointment> upcoming = Appointment.list("status = 'booked' and startsAt > ?1 and startsAt <= ?2",
                    now, now.plus(longest).plus(Duration.ofDays(1)));
            int added = 0;
            for (Appointment a : upcoming) {
                added += plan(a, now);
            }
            return added;
        });
    }

    private int plan(Appointment a, Instant now) {
        ZoneId zone = ((Location) Location.findById(a.locationId)).zone();
        int added = 0;
        // consent and the contact to use are read when each reminder is sent, not now: a patient
        // may consent or change number before then
        for (String channel : CHANNELS) {
            for (Duration offset : config.offsets()) {
                Instant due = ReminderTiming.due(a.startsAt, zone, offset, config.quietStart(), config.quietEnd());
                String skip = due.isBefore(now.minus(LATE)) ? "booked after the reminder's time" : null;
                added += em.createNativeQuery("""
                                insert into reminder (id, appointment_id, channel, offset_minutes, for_start, due_at,
                                                      state, next_attempt_at, skip_reason, created_at)
                                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?8, ?9)
                                on conflict (appointment_id, channel, offset_minutes, for_start) do nothing""")
                        .setParameter(1, UUID.randomUUID()).setParameter(2, a.id).setParameter(3, channel)
                        .setParameter(4, (int) offset.toMinutes()).setParameter(5, a.startsAt).setParameter(6, due)
                        .setParameter(7, skip == null ? "pending" : "skipped").setParameter(8, skip)
                        .setParameter(9, now).executeUpdate();
            }
        }
        return added;
    }

    private static boolean consented(Patient p, String channel) {
        return "sms".equals(channel) ? p.smsConsent : p.emailConsent;
    }

    /** A mobile number for SMS (else any phone marked for SMS), an email address for email; the best-ranked one. */
    static Optional<String> recipient(Patient p, String channel) {
        Comparator<PatientTelecom> byRank = Comparator.comparing(t -> t.rank == null ? Integer.MAX_VALUE : t.rank);
        if ("email".equals(channel)) {
            return p.telecoms.stream().filter(t -> "email".equals(t.system) && t.periodEnd == null).sorted(byRank)
                    .map(t -> t.value).findFirst();
        }
        return p.telecoms.stream().filter(t -> ("sms".equals(t.system) || ("phone".equals(t.system)
                        && "mobile".equals(t.use))) && t.periodEnd == null).sorted(byRank).map(t -> t.value).findFirst();
    }

    /** Takes up to {@code batch} due reminders, sends them, records each outcome; returns how many were taken. */
    public int send(int batch) {
        return send(batch, null);
    }

    /** Sends what is due at {@code at} (null: the clock's time at each step; tests fix it). */
    int send(int batch, Instant at) {
        UUID token = UUID.randomUUID();
        List<UUID> taken = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now(at);
            // rows that used up their attempts without an outcome (the sender died each time) fail
            em.createNativeQuery("""
                            update reminder set state = 'failed', claimed_until = null,
                                   last_error = coalesce(last_error, 'no outcome recorded') || ' (after ' || attempts || ' attempts)'
                            where state = 'pending' and attempts >= ?2 and (claimed_until is null or claimed_until < ?1)""")
                    .setParameter(1, now).setParameter(2, config.maxAttempts()).executeUpdate();
            @SuppressWarnings("unchecked")
            List<UUID> ids = em.createNativeQuery("""
                            select id from reminder
                            where state = 'pending' and next_attempt_at <= ?1 and (claimed_until is null or claimed_until < ?1)
                              and attempts < ?3
                            order by next_attempt_at limit ?2 for update skip locked""")
                    .setParameter(1, now).setParameter(2, batch).setParameter(3, config.maxAttempts()).getResultList();
            if (!ids.isEmpty()) {
                em.createNativeQuery("""
                                update reminder set claimed_until = ?1, lease_token = ?2, attempts = attempts + 1
                                where id = any(?3)""")
                        .setParameter(1, now.plus(config.claimFor())).setParameter(2, token)
                        .setParameter(3, ids.toArray(UUID[]::new)).executeUpdate();
            }
            return ids;
        });
        for (UUID id : taken) {
            try {
                deliver(id, token, at);
            } catch (RuntimeException e) {
                // the lease ends and the row is taken again, up to max-attempts
                LOG.warnf("Sending reminder %s failed unexpectedly: %s", id, e.getClass().getName());
            }
        }
        return taken.size();
    }

    private Instant now(Instant at) {
        return at != null ? at : clock.instant();
    }

    private void deliver(UUID id, UUID token, Instant at) {
        ReminderSender.Message message = QuarkusTransaction.requiringNew().call(() -> prepare(id, token, now(at)));
        if (message == null) {
            return;
        }
        ReminderSender.Result result = sender.send(message);
        QuarkusTransaction.requiringNew().run(() -> record(id, token, result, now(at)));
    }

    /**
     * The message to send now, or null when this sender lost the lease, the reminder no longer
     * applies, or it must wait out quiet hours.
     */
    private ReminderSender.Message prepare(UUID id, UUID token, Instant now) {
        Reminder r = em.find(Reminder.class, id, LockModeType.PESSIMISTIC_WRITE);
        // every take writes a new token: a matching one means no other sender has taken the row since,
        // even if our lease ran out while earlier rows of the batch were sent
        if (!"pending".equals(r.state) || !token.equals(r.leaseToken)) {
            return null;
        }
        r.claimedUntil = now.plus(config.claimFor()); // this send has the whole lease
        Appointment a = Appointment.findById(r.appointmentId);
        Patient patient = Patient.findById(a.patientId);
        Location location = Location.findById(a.locationId);
        if (a.status() != AppointmentStatus.BOOKED) {
            return close(r, "skipped", "the visit is " + a.status);
        }
        if (!a.startsAt.equals(r.forStart)) {
            return close(r, "superseded", "the visit moved to " + a.startsAt);
        }
        if (!now.isBefore(a.startsAt)) {
            return close(r, "skipped", "the visit's time had come before the reminder could go");
        }
        if (!consented(patient, r.channel)) {
            return close(r, "skipped", "the patient has not consented to " + r.channel);
        }
        Optional<String> to = recipient(patient, r.channel);
        if (to.isEmpty()) {
            return close(r, "skipped", "no " + ("sms".equals(r.channel) ? "mobile number" : "email address") + " on file");
        }
        r.recipient = to.get();
        ZonedDateTime local = now.atZone(location.zone());
        if (ReminderTiming.quiet(local.toLocalTime(), config.quietStart(), config.quietEnd())) {
            ZonedDateTime end = local.toLocalDate().atTime(config.quietEnd()).atZone(location.zone());
            if (!end.isAfter(local)) {
                end = end.plusDays(1);
            }
            if (!end.toInstant().isBefore(a.startsAt)) {
                return close(r, "skipped", "quiet hours last until the visit");
            }
            r.nextAttemptAt = end.toInstant(); // not an attempt: wait for the quiet hours to end
            r.attempts = Math.max(0, r.attempts - 1);
            r.claimedUntil = null;
            return null;
        }
        Practitioner practitioner = Practitioner.findById(a.practitionerId);
        String with = practitioner == null ? "" : " with " + (practitioner.prefix == null ? "" : practitioner.prefix + " ")
                + (practitioner.given == null ? "" : practitioner.given + " ") + practitioner.family;
        String text = config.practiceName() + ": reminder of your appointment at " + location.name + " on "
                + a.startsAt.atZone(location.zone()).format(WHEN) + with + ". Reply C to confirm or X to cancel.";
        return new ReminderSender.Message(r.id.toString(), r.channel, r.recipient,
                "sms".equals(r.channel) ? null : "Your appointment on " + a.startsAt.atZone(location.zone()).format(WHEN),
                text);
    }

    private ReminderSender.Message close(Reminder r, String state, String why) {
        r.state = state;
        r.skipReason = why;
        r.claimedUntil = null;
        r.attempts = Math.max(0, r.attempts - 1);
        metrics.counter("reception.reminders", "channel", r.channel, "outcome", state).increment();
        return null;
    }

    private void record(UUID id, UUID token, ReminderSender.Result result, Instant now) {
        Reminder r = em.find(Reminder.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (!"pending".equals(r.state) || !token.equals(r.leaseToken)) {
            return; // another sender holds it now and records its own outcome
        }
        r.claimedUntil = null;
        if (result.accepted()) {
            r.state = "sent";
            r.sentAt = now;
            r.providerMessageId = result.providerMessageId() == null ? null
                    : result.providerMessageId().substring(0, Math.min(200, result.providerMessageId().length()));
            r.lastError = null;
        } else {
            r.lastError = result.failure().length() > 2000 ? result.failure().substring(0, 2000) : result.failure();
            if (!result.retryable() || r.attempts >= config.maxAttempts()) {
                r.state = "failed";
            } else {
                r.nextAttemptAt = now.plus(config.backoff().multipliedBy(1L << Math.min(r.attempts - 1, 16)));
            }
        }
        if (!"pending".equals(r.state)) {
            metrics.counter("reception.reminders", "channel", r.channel, "outcome", r.state).increment();
        }
    }
}
