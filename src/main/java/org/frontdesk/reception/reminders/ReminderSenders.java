package org.frontdesk.reception.reminders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the adapter from {@code reception.reminders.provider}. */
@ApplicationScoped
class ReminderSenders {

    @Produces
    @ApplicationScoped
    ReminderSender sender(RemindersConfig config) {
        return switch (config.provider()) {
            case "log" -> new LogReminderSender();
            case "http" -> new HttpReminderSender(config.http().url().orElseThrow(() -> new IllegalStateException(
                    "reception.reminders.provider=http needs reception.reminders.http.url")),
                    config.http().apiKey().orElse(null), config.http().timeoutMs());
            default -> throw new IllegalStateException("reception.reminders.provider must be log or http, not "
                    + config.provider());
        };
    }
}
