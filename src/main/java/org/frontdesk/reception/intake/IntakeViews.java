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
        java.util.Map<String, Object> proposed = changes.read(c.proposed);
        if (ProposedChanges.PHOTOS.equals(c.kind) && proposed != null) {
            // each photo's bytes, for the desk to look at (until a rejection deletes them)
            proposed.forEach((side, photo) -> {
                if (photo instanceof java.util.Map<?, ?> m && !"rejected".equals(c.status)) {
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> p = (java.util.Map<String, Object>) m;
                    p.put("content", "/api/v1/patients/" + c.patientId + "/proposed-changes/" + c.id + "/photos/" + side);
                }
            });
        }
        return new ProposedChangeResource.ChangeView(c.id, c.patientId, c.appointmentId, c.responseId, c.kind,
                proposed, changes.read(c.base), c.baseVersion, c.status, c.createdAt, c.decidedAt,
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
