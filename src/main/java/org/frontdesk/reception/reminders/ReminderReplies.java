package org.frontdesk.reception.reminders;

import jakarta.inject.Inject;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.patient.Consents;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.shared.ProblemException;
import java.util.List;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;

import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A patient's reply to a reminder: C / YES / CONFIRM confirms the visit, X / NO / CANCEL cancels
 * it (the time is free again and offered to the waitlist), STOP / UNSUBSCRIBE withdraws the
 * patient's consent to that channel (no more reminders on it); anything else is kept for the
 * desk. Every reply is stored with what it did.
 */
@ApplicationScoped
class ReminderReplies {

    private static final Set<String> CONFIRM = Set.of("C", "Y", "YES", "CONFIRM", "CONFIRMED", "OK", "1");
    private static final Set<String> CANCEL = Set.of("X", "N", "NO", "CANCEL", "2");
    private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "OPT OUT", "OPTOUT");

    @Inject AppointmentService appointments;
    @Inject Consents consents;
    @Inject Clock clock;
    @Inject MeterRegistry metrics;

    public static String action(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replaceAll("[.!]+$", "");
        return CONFIRM.contains(t) ? "confirm" : CANCEL.contains(t) ? "cancel" : STOP.contains(t) ? "stop" : "unknown";
    }

    /** Whether a reply's sender is the reminder's recipient: the same phone (any punctuation) or e-mail (any case). */
    static boolean sameAddress(String channel, String recipient, String from) {
        if (recipient == null || from == null) {
            return false;
        }
        if ("email".equals(channel)) {
            return recipient.trim().equalsIgnoreCase(from.trim());
        }
        String a = recipient.replaceAll("[^0-9]", "");
        String b = from.replaceAll("[^0-9]", "");
        // +1 312 555 0100 and 312-555-0100 are one number
        return !a.isEmpty() && (a.equals(b) || (a.length() == 11 && a.startsWith("1") && a.substring(1).equals(b))
                || (b.length() == 11 && b.startsWith("1") && b.substring(1).equals(a)));
    }

    @Transactional
    public ReminderReply receive(String reference, String providerMessageId, String from, String text) {
        if (reference == null && providerMessageId == null) {
            throw ProblemException.badRequest("/reference", "Name the reminder: our reference or the provider's message id.");
        }
        Reminder r = null;
        if (reference != null) {
            try {
                r = Reminder.findById(UUID.fromString(reference));
            } catch (IllegalArgumentException notOurs) {
                r = null;
            }
        }
        if (r == null && providerMessageId != null) {
            r = Reminder.<Reminder>find("providerMessageId", providerMessageId).firstResult();
        }
        if (r == null || !"sent".equals(r.state)) { // a reply is to a message that went out; else it names nothing
            throw ProblemException.notFound("Reminder", reference != null ? reference : providerMessageId);
        }
        if (!sameAddress(r.channel, r.recipient, from)) {
            throw new ProblemException(Problem.of(422, "/problems/not-the-recipient", "Not the recipient",
                    "This reply does not come from the address the reminder was sent to; nothing was done.")
                    .withErrors(List.of(new FieldError("/from", "is not the reminder's recipient"))));
        }
        String action = action(text);
        Appointment a = appointments.get(r.appointmentId);
        String outcome;
        if ("unknown".equals(action)) {
            outcome = "not understood; left for the desk";
        } else if ("stop".equals(action)) {
            consents.withdraw(a.patientId, r.channel, "reply");
            outcome = "consent to " + r.channel + " withdrawn; no more reminders by " + r.channel;
        } else if (a.status() != AppointmentStatus.BOOKED) {
            outcome = "nothing done: the visit is " + a.status;
        } else if (!clock.instant().isBefore(a.startsAt)) {
            outcome = "nothing done: the visit's time has come; left for the desk";
        } else if ("confirm".equals(action)) {
            appointments.confirm(a.id);
            outcome = "visit confirmed";
        } else {
            appointments.changeStatus(a.id, null, AppointmentStatus.CANCELLED,
                    "cancelled by the patient's reply to a reminder");
            outcome = "visit cancelled; the time is free again";
        }
        ReminderReply reply = new ReminderReply();
        reply.id = UUID.randomUUID();
        reply.reminderId = r.id;
        reply.appointmentId = a.id;
        reply.receivedAt = clock.instant();
        reply.sender = from;
        reply.text = text.length() > 2000 ? text.substring(0, 2000) : text;
        reply.action = action;
        reply.outcome = outcome;
        reply.persist();
        metrics.counter("reception.reminder.replies", "action", action).increment();
        return reply;
    }

    /** A visit's reminders, by when they are due. */
    java.util.List<Reminder> reminders(UUID appointmentId) {
        return Reminder.list("appointmentId = ?1 order by dueAt, channel", appointmentId);
    }

    /** The patient's replies about a visit, oldest first. */
    java.util.List<ReminderReply> replies(UUID appointmentId) {
        return ReminderReply.list("appointmentId = ?1 order by receivedAt", appointmentId);
    }
}
