package org.frontdesk.reception.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;

/** The /api views of links and proposed changes, shared by the desk's resources. */
@ApplicationScoped
class IntakeViews {

    @Inject ProposedChanges changes;
    @Inject Clock clock;

    ProposedChangeResource.ChangeView view(ProposedChange c) {
        return new ProposedChangeResource.ChangeView(c.id, c.patientId, c.appointmentId, c.responseId, c.kind,
                changes.read(c.proposed), changes.read(c.base), c.baseVersion, c.status, c.createdAt, c.decidedAt,
                c.decidedBy, c.reason, changes.read(c.applied), c.coverageId);
    }

    VisitIntakeResource.LinkView view(IntakeLink l, IntakeForm f) {
        return new VisitIntakeResource.LinkView(l.id, l.appointmentId, l.patientId, f.canonical(),
                state(l, clock.instant()), l.createdAt, l.expiresAt, l.openedAt, l.usedAt, l.revokedAt, l.messageId);
    }

    /** A link's state: completed, revoked, expired, opened or sent. */
    static String state(IntakeLink l, Instant now) {
        if (l.usedAt != null) {
            return "completed";
        }
        if (l.revokedAt != null) {
            return "revoked";
        }
        if (!l.expiresAt.isAfter(now)) {
            return "expired";
        }
        return l.openedAt != null ? "opened" : "sent";
    }
}
