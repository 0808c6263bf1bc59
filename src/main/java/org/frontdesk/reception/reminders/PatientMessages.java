package org.frontdesk.reception.reminders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.shared.LeasedRow;
import org.frontdesk.reception.shared.PatientMessage;

import java.time.Clock;
import java.time.Instant;

/**
 * The outbox of messages other features ask for: each {@link PatientMessage} is kept here in the
 * transaction that fired it (so it goes if and only if that change commits), and
 * {@link ReminderJobs} sends it. A malformed message is a programming error: it fails the
 * change that asked for it.
 */
@ApplicationScoped
class PatientMessages {

    @Inject EntityManager em;
    @Inject Clock clock;

    void keep(@Observes PatientMessage m) {
        require(m.id() != null && m.patientId() != null && m.locationId() != null && m.notAfter() != null,
                "id, patientId, locationId and notAfter are required");
        require(m.purpose() != null && m.purpose().length() <= 40 && m.purpose().matches("[a-z][a-z0-9-]*"),
                "purpose must be a lower-case code of at most 40 characters");
        require(m.channel() == null || ReminderJobs.CHANNELS.contains(m.channel()), "channel must be sms, email or null");
        require(m.text() != null && !m.text().isBlank() && m.text().length() <= 2000, "text must be 1 to 2000 characters");
        require(m.subject() == null || m.subject().length() <= 200, "subject must be at most 200 characters");
        Instant now = clock.instant();
        PatientMessageRow row = new PatientMessageRow();
        row.id = m.id();
        row.patientId = m.patientId();
        row.locationId = m.locationId();
        row.purpose = m.purpose();
        row.subjectId = m.subjectId();
        row.channel = m.channel();
        row.subject = m.subject();
        row.text = m.text();
        row.notAfter = m.notAfter();
        row.state = LeasedRow.PENDING;
        row.nextAttemptAt = now;
        row.createdAt = now;
        em.persist(row);
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("PatientMessage: " + what);
        }
    }
}
