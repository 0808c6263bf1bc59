package org.frontdesk.reception.reminders;

import org.jboss.logging.Logger;

/** Development adapter: writes each message to the log instead of sending it. */
class LogReminderSender implements ReminderSender {

    private static final Logger LOG = Logger.getLogger(LogReminderSender.class);

    @Override
    public Result send(Message m) {
        LOG.infof("Reminder %s by %s to %s: %s", m.reference(), m.channel(), m.to(), m.text());
        return Result.accepted("log-" + m.reference());
    }
}
