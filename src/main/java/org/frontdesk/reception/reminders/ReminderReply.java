package org.frontdesk.reception.reminders;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A patient's answer to a reminder or to a patient message, kept whatever it said, with what it did. */
@Entity
@Table(name = "reminder_reply")
public class ReminderReply extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID reminderId;
    public UUID patientMessageId;
    public UUID patientId;
    public UUID appointmentId;
    public Instant receivedAt;
    public String sender;
    public String text;
    public String action;
    public String outcome;
}
