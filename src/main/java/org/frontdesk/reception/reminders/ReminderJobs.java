package org.frontdesk.reception.reminders;

import jakarta.inject.Inject;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.patient.PatientTelecom;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.scheduling.Location;
import org.frontdesk.reception.scheduling.Practitioner;
import org.frontdesk.reception.shared.LeasedRow;
import org.frontdesk.reception.shared.LeasedWorker;
import org.frontdesk.reception.shared.QuietHours;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans and sends reminders, and sends the messages other features ask for ({@link PatientMessages}). Planning inserts one row per booked visit, channel and offset
 * ({@code on conflict do nothing}: any number of instances plan the same visit once). Sending
 * takes due rows with {@code FOR UPDATE SKIP LOCKED} under a lease with a token; just before
 * each send the row is re-read and sent only if this sender still holds the lease (renewed
 * then), the visit is still booked at that time, and the patient's consent and current contact
 * allow it; it goes outside any transaction with the reminder id as idempotency key, and the
 * outcome is recorded. Failures are retried with backoff up to max-attempts.
 *
 * <p>A patient message goes the same way, from its own queue: on the channel asked for, or the
 * first the patient consented to and has a contact for (SMS first), outside the location's quiet
 * hours, and never after its {@code notAfter}; its body is erased once it leaves the queue.
 */
@ApplicationScoped
class ReminderJobs {

    static final List<String> CHANNELS = List.of("sms", "email");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM 'at' HH:mm", Locale.US);
    /** A reminder whose time passed longer ago than this when it is planned (booked late) is skipped. */
    private static final Duration LATE = Duration.ofMinutes(15);

    private static final String FAILED = "failed";
    private static final String OFFER_CLOSED = "the offer is no longer open";

    @Inject EntityManager em;
    @Inject LeasedWorker worker;
    @Inject AppointmentService appointments;
    @Inject PatientService patients;
    @Inject SchedulingSetupService setup;
    @Inject ReminderSender sender;
    @Inject RemindersConfig config;
    @Inject Clock clock;
    @Inject MeterRegistry metrics;

    @Scheduled(every = "${reception.reminders.every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        if (!config.enabled()) {
            return;
        }
        plan();
        worker.drain(reminders().queue(), config.batch(), clock::instant, sendWork(reminders(), null));
        worker.drain(messages().queue(), config.batch(), clock::instant, sendWork(messages(), null));
    }

    /** Plans reminders of booked visits coming within the longest offset; returns how many rows were added. */
    public int plan() {
        return plan(clock.instant());
    }

    /** Plans as if it were {@code now} (tests plan visits months ahead). */
    int plan(Instant now) {
        Duration longest = config.offsets().stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Appointment> upcoming = appointments.bookedBetween(now, now.plus(longest).plus(Duration.ofDays(1)));
            int added = 0;
            for (Appointment a : upcoming) {
                added += plan(a, now);
            }
            return added;
        });
    }

    private int plan(Appointment a, Instant now) {
        ZoneId zone = setup.location(a.locationId).zone();
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
        return worker.runOnce(reminders().queue(), batch, () -> now(at), sendWork(reminders(), at));
    }

    /** Sends the patient messages due at {@code at} (null: the clock's time at each step); returns how many were taken. */
    int sendMessages(int batch, Instant at) {
        return worker.runOnce(messages().queue(), batch, () -> now(at), sendWork(messages(), at));
    }

    /** One kind of message: its queue, its rows, and what a taken row becomes (null: nothing to send now). */
    private record Kind<T extends MessageRow>(LeasedWorker.Queue queue, Class<T> type,
                                              java.util.function.BiFunction<T, Instant, ReminderSender.Message> prepare) {
    }

    private Kind<Reminder> reminders() {
        return new Kind<>(new LeasedWorker.Queue("reminder", config.claimFor(), config.maxAttempts()), Reminder.class,
                this::prepareReminder);
    }

    private Kind<PatientMessageRow> messages() {
        return new Kind<>(new LeasedWorker.Queue("patient_message", config.claimFor(), config.maxAttempts()),
                PatientMessageRow.class, this::prepareMessage);
    }

    private <T extends MessageRow> LeasedWorker.Work sendWork(Kind<T> kind, Instant at) {
        return new LeasedWorker.Work() {
            @Override
            public void perform(UUID id, UUID token) {
                deliver(kind, id, token, at);
            }

            @Override
            public void exhausted(UUID id) {
                // its senders died each time without recording an outcome
                MessageRow r = em.find(kind.type(), id);
                r.lastError = (r.lastError == null ? "no outcome recorded" : r.lastError)
                        + " (after " + r.attempts + " attempts)";
                r.finish(FAILED);
                untold(r);
            }
        };
    }

    private Instant now(Instant at) {
        return at != null ? at : clock.instant();
    }

    private <T extends MessageRow> void deliver(Kind<T> kind, UUID id, UUID token, Instant at) {
        ReminderSender.Message message = QuarkusTransaction.requiringNew().call(() -> prepare(kind, id, token, now(at)));
        if (message == null) {
            return;
        }
        ReminderSender.Result result = sender.send(message);
        QuarkusTransaction.requiringNew().run(() -> record(kind.type(), id, token, result, now(at)));
    }

    /**
     * The message to send now, or null when this sender lost the lease, the message no longer
     * applies, or it must wait out quiet hours.
     */
    private <T extends MessageRow> ReminderSender.Message prepare(Kind<T> kind, UUID id, UUID token, Instant now) {
        T r = em.find(kind.type(), id, LockModeType.PESSIMISTIC_WRITE);
        // every take writes a new token: a matching one means no other sender has taken the row since,
        // even if our lease ran out while earlier rows of the batch were sent
        if (!r.heldBy(token)) {
            return null;
        }
        r.claimedUntil = now.plus(config.claimFor()); // this send has the whole lease
        return kind.prepare().apply(r, now);
    }

    private ReminderSender.Message prepareReminder(Reminder r, Instant now) {
        Appointment a = appointments.get(r.appointmentId);
        Patient patient = patients.get(a.patientId);
        Location location = setup.location(a.locationId);
        if (a.status() != AppointmentStatus.BOOKED) {
            return close(r, "skipped", "the visit is " + a.status);
        }
        if (!a.startsAt.equals(r.forStart)) {
            return close(r, "superseded", "the visit moved to " + a.startsAt);
        }
        if (!now.isBefore(a.startsAt)) {
            return close(r, "skipped", "the visit's time had come before the reminder could go");
        }
        String refused = route(r, patient, r.channel);
        if (refused != null) {
            return close(r, "skipped", refused);
        }
        if (quiet(r, now, location.zone(), a.startsAt, "quiet hours last until the visit")) {
            return null;
        }
        Practitioner practitioner = setup.practitioner(a.practitionerId);
        String with = practitioner == null ? "" : " with " + practitioner.displayName();
        String text = config.practiceName() + ": reminder of your appointment at " + location.name + " on "
                + a.startsAt.atZone(location.zone()).format(WHEN) + with + ". Reply C to confirm or X to cancel.";
        return new ReminderSender.Message(r.id.toString(), r.channel, r.recipient,
                "sms".equals(r.channel) ? null : "Your appointment on " + a.startsAt.atZone(location.zone()).format(WHEN),
                text);
    }

    /**
     * A patient message to send now, or null. One that ends skipped (past its time, no consent or
     * contact, quiet hours until it lapses) and is about a waitlist offer passes the offer on.
     */
    private ReminderSender.Message prepareMessage(PatientMessageRow m, Instant now) {
        ReminderSender.Message message = messageOf(m, now);
        if (message == null) {
            untold(m);
        }
        return message;
    }

    private ReminderSender.Message messageOf(PatientMessageRow m, Instant now) {
        if (!now.isBefore(m.notAfter)) {
            return close(m, "skipped", "its time had passed (not after " + m.notAfter + ")");
        }
        if (AppointmentService.WAITLIST_OFFER.equals(m.purpose) && m.subjectId != null
                && appointments.find(m.subjectId).map(a -> a.status() != AppointmentStatus.PENDING).orElse(true)) {
            return close(m, "skipped", OFFER_CLOSED);
        }
        // quiet hours first: they do not depend on the channel, which is chosen when it goes
        if (quiet(m, now, setup.location(m.locationId).zone(), m.notAfter, "quiet hours last until it lapses")) {
            return null;
        }
        Patient patient = patients.get(m.patientId);
        List<String> refusals = new java.util.ArrayList<>();
        for (String channel : m.channel != null ? List.of(m.channel) : CHANNELS) {
            String refused = route(m, patient, channel);
            if (refused == null) {
                return new ReminderSender.Message(m.id.toString(), m.channel, m.recipient,
                        "sms".equals(m.channel) ? null : m.subject, m.text);
            }
            refusals.add(refused);
        }
        return close(m, "skipped", String.join("; ", refusals));
    }

    /**
     * Addresses the message on this channel, or says why it can't go there: the patient's consent
     * and current contact, read when it is sent (a patient may consent or change number before).
     */
    private String route(MessageRow r, Patient patient, String channel) {
        if (!consented(patient, channel)) {
            return "the patient has not consented to " + channel;
        }
        Optional<String> to = recipient(patient, channel);
        if (to.isEmpty()) {
            return "no " + ("sms".equals(channel) ? "mobile number" : "email address") + " on file";
        }
        r.channel = channel;
        r.recipient = to.get();
        return null;
    }

    /**
     * Whether it is quiet hours at the location: the row then waits for their end (not an
     * attempt), or is skipped ({@code tooLate}) when they last until its {@code deadline}.
     */
    private boolean quiet(MessageRow r, Instant now, ZoneId zone, Instant deadline, String tooLate) {
        Instant over = new QuietHours(config.quietStart(), config.quietEnd()).over(now, zone);
        if (over.equals(now)) {
            return false;
        }
        if (!over.isBefore(deadline)) {
            close(r, "skipped", tooLate);
        } else {
            r.waitUntil(over); // not an attempt: wait for the quiet hours to end
        }
        return true;
    }

    /**
     * A waitlist offer whose message was given up (skipped or failed, but not because the offer
     * closed) can't be answered: it passes on at once, in the transaction that closes the message,
     * instead of holding the time until it lapses.
     */
    private void untold(MessageRow r) {
        if (r instanceof PatientMessageRow m && AppointmentService.WAITLIST_OFFER.equals(m.purpose) && m.subjectId != null
                && (FAILED.equals(m.state) || "skipped".equals(m.state)) && !OFFER_CLOSED.equals(m.skipReason)) {
            appointments.passOnUntold(m.subjectId, "the patient could not be told: "
                    + (m.skipReason != null ? m.skipReason : m.lastError != null ? m.lastError : "the message failed"));
        }
    }

    private ReminderSender.Message close(MessageRow r, String state, String why) {
        r.skipReason = why;
        r.attempts = Math.max(0, r.attempts - 1);
        r.finish(state);
        count(r);
        return null;
    }

    private void count(MessageRow r) {
        metrics.counter(r.meter(), "channel", r.channel == null ? "none" : r.channel, "outcome", r.state).increment();
    }

    private void record(Class<? extends MessageRow> type, UUID id, UUID token, ReminderSender.Result result, Instant now) {
        MessageRow r = em.find(type, id, LockModeType.PESSIMISTIC_WRITE);
        if (!r.heldBy(token)) {
            return; // another sender holds it now and records its own outcome
        }
        if (result.accepted()) {
            r.finish("sent");
            r.sentAt = now;
            r.providerMessageId = result.providerMessageId() == null ? null
                    : result.providerMessageId().substring(0, Math.min(200, result.providerMessageId().length()));
            r.lastError = null;
        } else {
            r.lastError = result.failure().length() > 2000 ? result.failure().substring(0, 2000) : result.failure();
            if (!result.retryable() || r.attempts >= config.maxAttempts()) {
                r.finish(FAILED);
                untold(r);
            } else {
                r.retryLater(now, config.backoff(), config.maxBackoff());
            }
        }
        if (!LeasedRow.PENDING.equals(r.state)) {
            count(r);
        }
    }
}
