package org.frontdesk.reception.reminders;

/**
 * The outbound port: hands one message to whoever delivers it. Adapters: {@link HttpReminderSender}
 * (the provider's HTTP API) and {@link LogReminderSender} (development).
 */
interface ReminderSender {

    /** One message; {@code reference} is our reminder or patient message id, sent as the idempotency key and echoed in replies. */
    record Message(String reference, String channel, String to, String subject, String text) {
    }

    /** Accepted with the provider's message id, or not, with why and whether trying again may help. */
    record Result(boolean accepted, String providerMessageId, String failure, boolean retryable) {
        static Result accepted(String id) {
            return new Result(true, id, null, false);
        }

        static Result failed(String why, boolean retryable) {
            return new Result(false, null, why, retryable);
        }
    }

    Result send(Message message);
}
