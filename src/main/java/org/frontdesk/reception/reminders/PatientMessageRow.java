package org.frontdesk.reception.reminders;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A message another feature asked to have sent to a patient ({@link org.frontdesk.reception.shared.PatientMessage}),
 * kept in the outbox until it is sent or given up. Its body may carry a single-use link, so
 * leaving the queue erases it; purpose, channel, state and times stay.
 */
@Entity
@Table(name = "patient_message")
public class PatientMessageRow extends MessageRow {

    public UUID patientId;
    public UUID locationId;
    public String purpose;
    public UUID subjectId;
    public String subject;
    public String text;
    public Instant notAfter;

    @Override
    public void finish(String finalState) {
        super.finish(finalState);
        subject = null;
        text = null;
    }

    @Override
    String meter() {
        return "reception.patient.messages";
    }
}
