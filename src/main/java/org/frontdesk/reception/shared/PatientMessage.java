package org.frontdesk.reception.shared;

import java.time.Instant;
import java.util.UUID;

/**
 * A message to a patient that a feature wants sent (a waitlist offer, an intake form's link),
 * fired as a CDI event synchronously inside that feature's transaction. The reminders feature
 * keeps it in its outbox in the same transaction (so it is sent if and only if the change that
 * asked for it commits) and sends it on a channel the patient consented to, outside the
 * location's quiet hours, and never after {@code notAfter}.
 *
 * @param id        the message's id (the provider's idempotency key; a reply names it)
 * @param patientId to whom
 * @param locationId whose zone and quiet hours apply
 * @param purpose   what it is for, e.g. {@code waitlist-offer}, {@code intake-form}
 * @param subjectId the thing it is about (the offered appointment, the intake link)
 * @param channel   {@code sms} or {@code email}; null for the first the patient consented to and
 *                  has a contact for (SMS first)
 * @param subject   an e-mail's subject line
 * @param text      the body; it may carry a single-use link, so it is erased once the message is
 *                  sent or given up
 * @param notAfter  the message is pointless after this (the offer lapses, the link expires)
 */
public record PatientMessage(UUID id, UUID patientId, UUID locationId, String purpose, UUID subjectId, String channel,
                             String subject, String text, Instant notAfter) {
}
