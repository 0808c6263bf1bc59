package org.frontdesk.reception.reminders;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One reminder of one visit on one channel at one offset before it. */
@Entity
@Table(name = "reminder")
public class Reminder extends MessageRow {

    public UUID appointmentId;
    public int offsetMinutes;
    public Instant forStart;
    public Instant dueAt;

    @Override
    String meter() {
        return "reception.reminders";
    }
}
