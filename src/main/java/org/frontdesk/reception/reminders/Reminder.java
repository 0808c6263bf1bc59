package org.frontdesk.reception.reminders;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One reminder of one visit on one channel at one offset before it. */
@Entity
@Table(name = "reminder")
public class Reminder extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID appointmentId;
    public String channel;
    public int offsetMinutes;
    public Instant forStart;
    public Instant dueAt;
    public String recipient;
    public String state;
    public int attempts;
    public Instant claimedUntil;
    public UUID leaseToken;
    public Instant nextAttemptAt;
    public String providerMessageId;
    public String lastError;
    public String skipReason;
    public Instant sentAt;
    public Instant createdAt;
}
