package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Where;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Which practitioner works where, in which specialty. */
@ApplicationScoped
class PractitionerRoles {

    @Inject SchedulingSetupService setup;
    @Inject Clock clock;

    @Transactional
    public PractitionerRole add(PractitionerRole r) {
        check(r);
        r.id = UUID.randomUUID();
        r.createdAt = clock.instant();
        r.updatedAt = r.createdAt;
        r.persist();
        return r;
    }

    @Transactional
    public PractitionerRole update(UUID id, String ifMatch, Consumer<PractitionerRole> change) {
        PractitionerRole r = get(id);
        ETags.check(ifMatch, r.version, true);
        change.accept(r);
        r.id = id;
        r.updatedAt = clock.instant();
        check(r);
        PractitionerRole.flush();
        return r;
    }

    private void check(PractitionerRole r) {
        if (r.practitionerId == null) {
            throw ProblemException.badRequest("/practitioner", "A role names its practitioner.");
        }
        setup.practitioner(r.practitionerId);
        if (r.locationId != null) {
            setup.location(r.locationId);
        }
    }

    public PractitionerRole get(UUID id) {
        return ProblemException.orNotFound(PractitionerRole.findById(id), "PractitionerRole", id);
    }

    public PageResult<PractitionerRole> search(UUID practitionerId, UUID locationId, String specialty, Criteria c,
                                               int offset, int count) {
        Where w = c.applyTo(new Where(), "updatedAt").and("practitionerId = ?", practitionerId)
                .and("locationId = ?", locationId).and("specialtyCode = ?", specialty);
        return PageResult.of(PractitionerRole.find(w.query() + c.orderBy(Map.of("_lastUpdated", "updatedAt"),
                "createdAt, id"), w.args()), offset, count);
    }
}
