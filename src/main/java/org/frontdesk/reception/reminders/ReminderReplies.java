package org.frontdesk.reception.reminders;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A patient's reply to a reminder: C / YES / CONFIRM confirms the visit, X / NO / CANCEL cancels
 * it (the time is free again and offered to the waitlist); anything else is kept for the desk.
 * Every reply is stored with what it did.
 */
@ApplicationScoped
public class ReminderReplies {

    private static final Set<String> CONFIRM = Set.of("C", "Y", "YES", "CONFIRM", "CONFIRMED", "OK", "1");
    private static final Set<String> CANCEL = Set.of("X", "N", "NO", "CANCEL", "STOP VISIT", "2");

    private final AppointmentService appointments;
    private final Clock clock;
    private final MeterRegistry metrics;

    public ReminderReplies(AppointmentService appointments, Clock clock, MeterRegistry metrics) {
        this.appointments = appointments;
        this.clock = clock;
        this.metrics = metrics;
    }

    public static String action(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replaceAll("[.!]+$", "");
        return CONFIRM.contains(t) ? "confirm" : CANCEL.contains(t) ? "cancel" : "unknown";
    }

    @Transactional
    public ReminderReply receive(String reference, String providerMessageId, String from, String text) {
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
        if (r == null) {
            throw ProblemException.notFound("Reminder", reference != null ? reference : providerMessageId);
        }
        String action = action(text);
        Appointment a = appointments.get(r.appointmentId);
        String outcome;
        if ("unknown".equals(action)) {
            outcome = "not understood; left for the desk";
        } else if (a.status() != AppointmentStatus.BOOKED) {
            outcome = "nothing done: the visit is " + a.status;
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
}
