package org.frontdesk.reception.reminders;

import org.frontdesk.reception.shared.LeasedRow;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One reminder of one visit on one channel at one offset before it. */
@Entity
@Table(name = "reminder")
public class Reminder extends LeasedRow {

    public UUID appointmentId;
    public String channel;
    public int offsetMinutes;
    public Instant forStart;
    public Instant dueAt;
    public String recipient;
    public String providerMessageId;
    public String lastError;
    public String skipReason;
    public Instant sentAt;
    public Instant createdAt;
}
