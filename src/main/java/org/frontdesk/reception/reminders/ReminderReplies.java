package org.frontdesk.reception.reminders;

import io.quarkus.narayana.jta.QuarkusTransaction;
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
 * patient's consent to that channel (no more reminders or messages on it); anything else is kept for the
 * desk. A reply to a waitlist offer books the offered time (YES) or declines it (NO: the offer
 * passes on). Every reply is stored with what it did: the action runs in a transaction of its
 * own, so one that fails (a concurrent change) is kept as "nothing done: why".
 */
@ApplicationScoped
class ReminderReplies {

    private static final Set<String> CONFIRM = Set.of("C", "Y", "YES", "CONFIRM", "CONFIRMED", "OK", "1");
    private static final Set<String> CANCEL = Set.of("X", "N", "NO", "CANCEL", "2");
    private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "OPT OUT", "OPTOUT");

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ReminderReplies.class);
    private static final String NOT_UNDERSTOOD = "not understood; left for the desk";

    @Inject jakarta.persistence.EntityManager em;
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
        Reminder r = named(Reminder.class, reference, providerMessageId);
        PatientMessageRow m = r != null ? null : named(PatientMessageRow.class, reference, providerMessageId);
        MessageRow answered = r != null ? r : m;
        if (answered == null || !"sent".equals(answered.state)) { // a reply is to a message that went out; else it names nothing
            throw ProblemException.notFound("Reminder", reference != null ? reference : providerMessageId);
        }
        if (!sameAddress(answered.channel, answered.recipient, from)) {
            throw new ProblemException(Problem.of(422, "/problems/not-the-recipient", "Not the recipient",
                    "This reply does not come from the address the reminder was sent to; nothing was done.")
                    .withErrors(List.of(new FieldError("/from", "is not the reminder's recipient"))));
        }
        ReminderReply reply = new ReminderReply();
        reply.id = UUID.randomUUID();
        reply.receivedAt = clock.instant();
        reply.sender = from;
        reply.text = text.length() > 2000 ? text.substring(0, 2000) : text;
        reply.action = action(text);
        if (r != null) {
            Appointment a = appointments.get(r.appointmentId);
            reply.reminderId = r.id;
            reply.appointmentId = a.id;
            reply.patientId = a.patientId;
            reply.outcome = toReminder(a, r.channel, reply.action);
        } else {
            reply.patientMessageId = m.id;
            reply.patientId = m.patientId;
            toMessage(m, reply);
        }
        reply.persist();
        metrics.counter("reception.reminder.replies", "action", reply.action).increment();
        return reply;
    }

    /** A reminder or message a reply names: by our reference (its id), else by the provider's message id. */
    private <T extends MessageRow> T named(Class<T> type, String reference, String providerMessageId) {
        T found = null;
        if (reference != null) {
            try {
                found = em.find(type, UUID.fromString(reference));
            } catch (IllegalArgumentException notOurs) {
                found = null;
            }
        }
        if (found == null && providerMessageId != null) {
            found = em.createQuery("from " + type.getSimpleName() + " where providerMessageId = ?1", type)
                    .setParameter(1, providerMessageId).setMaxResults(1).getResultStream().findFirst().orElse(null);
        }
        return found;
    }

    /** What a reply to a visit's reminder does: confirms or cancels the visit, or withdraws consent. */
    private String toReminder(Appointment a, String channel, String action) {
        if ("unknown".equals(action)) {
            return NOT_UNDERSTOOD;
        } else if ("stop".equals(action)) {
            return withdrawConsent(a.patientId, channel);
        } else if (a.status() != AppointmentStatus.BOOKED) {
            return "nothing done: the visit is " + a.status;
        } else if (!clock.instant().isBefore(a.startsAt)) {
            return "nothing done: the visit's time has come; left for the desk";
        } else if ("confirm".equals(action)) {
            return apart(() -> {
                appointments.confirm(a.id);
                return "visit confirmed";
            });
        }
        return apart(() -> {
            appointments.changeStatus(a.id, null, AppointmentStatus.CANCELLED, "cancelled by the patient's reply to a reminder");
            return "visit cancelled; the time is free again";
        });
    }

    /**
     * Does what a reply asks in a transaction of its own, so the reply is kept whatever happens to
     * it: a refusal or a conflict with a concurrent change (the desk, a job) becomes the outcome
     * "nothing done: why" instead of rolling back the reply (the provider does not send it again).
     */
    private String apart(java.util.function.Supplier<String> action) {
        try {
            return QuarkusTransaction.requiringNew().call(action::get);
        } catch (ProblemException refused) {
            String why = "nothing done: " + refused.problem().detail();
            return why.length() > 500 ? why.substring(0, 500) : why;
        } catch (RuntimeException e) {
            LOG.warnf(e, "A patient's reply could not be acted on; kept for the desk");
            return "nothing done: it could not be done just then (a concurrent change); left for the desk";
        }
    }

    /**
     * What a reply to a patient message does: to a waitlist offer, YES books the offered time and
     * NO declines it (the offer passes on to the next on the waitlist); STOP withdraws consent.
     */
    private void toMessage(PatientMessageRow m, ReminderReply reply) {
        boolean offer = AppointmentService.WAITLIST_OFFER.equals(m.purpose) && m.subjectId != null;
        if (offer) {
            reply.appointmentId = m.subjectId;
            reply.action = switch (reply.action) {
                case "confirm" -> "book";
                case "cancel" -> "decline";
                default -> reply.action;
            };
        }
        if ("unknown".equals(reply.action)) {
            reply.outcome = NOT_UNDERSTOOD;
            return;
        }
        if ("stop".equals(reply.action)) {
            reply.outcome = withdrawConsent(m.patientId, m.channel);
            return;
        }
        if (!offer) {
            reply.outcome = "nothing done: a " + m.purpose + " message takes no answer; left for the desk";
            return;
        }
        // checked and done under the offer's lock, apart from the reply: see AppointmentService#answerOffer
        boolean book = "book".equals(reply.action);
        reply.outcome = apart(() -> appointments.answerOffer(m.subjectId, book, book
                        ? "booked by the patient's reply to a waitlist offer" : "declined by the patient's reply")
                .map(done -> book ? "offered time booked" : "offer declined; the time passes to the next on the waitlist")
                .orElse("nothing done: the offer is no longer open"));
    }

    /** STOP: the patient withdraws consent to the channel the message came on. */
    private String withdrawConsent(UUID patientId, String channel) {
        consents.withdraw(patientId, channel, "reply");
        return "consent to " + channel + " withdrawn; no more messages by " + channel;
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
