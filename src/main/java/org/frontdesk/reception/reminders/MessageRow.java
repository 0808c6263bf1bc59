package org.frontdesk.reception.reminders;

import jakarta.persistence.MappedSuperclass;
import org.frontdesk.reception.shared.LeasedRow;

import java.time.Instant;

/**
 * A message to a patient in a queue of the sender (a reminder, or a message another feature
 * asked for): where it went, what the provider said, and why it was not sent.
 */
@MappedSuperclass
abstract class MessageRow extends LeasedRow {

    public String channel;
    public String recipient;
    public String providerMessageId;
    public String lastError;
    public String skipReason;
    public Instant sentAt;
    public Instant createdAt;

    /** The counter its outcomes are counted on (by channel and outcome). */
    abstract String meter();
}
