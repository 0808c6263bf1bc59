package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Keeps the practice's scheduling set-up: locations, practitioners, visit types, hours and blocked time. */
@ApplicationScoped
public class SchedulingSetupService {

    private final Clock clock;

    public SchedulingSetupService(Clock clock) {
        this.clock = clock;
    }

    @Transactional
    public Location addLocation(Location l) {
        l.id = UUID.randomUUID();
        l.createdAt = clock.instant();
        l.persist();
        return l;
    }

    @Transactional
    public Practitioner addPractitioner(Practitioner p) {
        if (Practitioner.count("npi", p.npi) > 0) {
            throw new ProblemException(Problem.of(409, "/problems/duplicate-npi", "NPI already registered",
                    "A practitioner with NPI " + p.npi + " already exists."));
        }
        p.id = UUID.randomUUID();
        p.createdAt = clock.instant();
        p.persist();
        return p;
    }

    @Transactional
    public VisitType addVisitType(VisitType v) {
        if (VisitType.count("code", v.code) > 0) {
            throw new ProblemException(Problem.of(409, "/problems/duplicate-visit-type", "Visit type code in use",
                    "A visit type with code " + v.code + " already exists."));
        }
        v.id = UUID.randomUUID();
        v.persist();
        return v;
    }

    @Transactional
    public AvailabilityTemplate addHours(UUID practitionerId, AvailabilityTemplate t) {
        practitioner(practitionerId);
        location(t.locationId);
        t.id = UUID.randomUUID();
        t.practitionerId = practitionerId;
        t.persist();
        // the pair's schedule, once; a racing second insert is a no-op, not an error
        Schedule.getEntityManager().createNativeQuery("""
                        insert into schedule (id, practitioner_id, location_id, created_at) values (?1, ?2, ?3, ?4)
                        on conflict (practitioner_id, location_id) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, practitionerId).setParameter(3, t.locationId)
                .setParameter(4, clock.instant()).executeUpdate();
        return t;
    }

    public Schedule schedule(UUID id) {
        Schedule s = Schedule.findById(id);
        if (s == null) {
            throw ProblemException.notFound("Schedule", id);
        }
        return s;
    }

    @Transactional
    public AvailabilityException block(AvailabilityException x) {
        if (x.practitionerId != null) {
            practitioner(x.practitionerId);
        }
        if (x.locationId != null) {
            location(x.locationId);
        }
        x.id = UUID.randomUUID();
        x.persist();
        return x;
    }

    public Location location(UUID id) {
        Location l = Location.findById(id);
        if (l == null) {
            throw ProblemException.notFound("Location", id);
        }
        return l;
    }

    public Practitioner practitioner(UUID id) {
        Practitioner p = Practitioner.findById(id);
        if (p == null) {
            throw ProblemException.notFound("Practitioner", id);
        }
        return p;
    }

    public VisitType visitType(UUID id) {
        VisitType v = VisitType.findById(id);
        if (v == null) {
            throw ProblemException.notFound("Visit type", id);
        }
        return v;
    }

    public List<AvailabilityTemplate> hours(UUID practitionerId) {
        practitioner(practitionerId);
        return AvailabilityTemplate.list("practitionerId = ?1 order by dayOfWeek, startTime", practitionerId);
    }
}
