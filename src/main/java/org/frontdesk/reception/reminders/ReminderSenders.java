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
            case "log" -> {
                if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
                    throw new IllegalStateException("reception.reminders.provider=log is for development; in production "
                            + "set it to http (with reception.reminders.http.url) or off");
                }
                yield new LogReminderSender();
            }
            case "off" -> m -> ReminderSender.Result.failed("reminders are off (reception.reminders.provider=off)", false);
            case "http" -> new HttpReminderSender(config.http().url().orElseThrow(() -> new IllegalStateException(
                    "reception.reminders.provider=http needs reception.reminders.http.url")),
                    config.http().apiKey().orElse(null), config.http().timeoutMs());
            default -> throw new IllegalStateException("reception.reminders.provider must be http, off or log, not "
                    + config.provider());
        };
    }
}
