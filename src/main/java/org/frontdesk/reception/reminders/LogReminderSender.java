package org.frontdesk.reception.reminders;

import org.jboss.logging.Logger;

/** Development adapter: notes in the log that a message would be sent (not to whom or what); refused in production. */
class LogReminderSender implements ReminderSender {

    private static final Logger LOG = Logger.getLogger(LogReminderSender.class);

    @Override
    public Result send(Message m) {
        // never the recipient or the text: they are PHI, and logs travel further than the database
        LOG.infof("Reminder %s by %s (%d characters) would be sent now", m.reference(), m.channel(), m.text().length());
        return Result.accepted("log-" + m.reference());
    }
}
