package org.frontdesk.reception.scheduling;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.SearchText;
import org.frontdesk.reception.shared.Where;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Keeps the practice's scheduling set-up: locations, practitioners, visit types, hours and blocked time. */
@ApplicationScoped
public class SchedulingSetupService {

    @Inject Clock clock;

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

    /** Schedules of a practitioner and/or at a location, oldest first. */
    public List<Schedule> schedules(UUID practitionerId, UUID locationId) {
        Where w = new Where().and("practitionerId = ?", practitionerId).and("locationId = ?", locationId);
        return Schedule.list(w.query() + " order by createdAt, id", w.args());
    }

    /** Whether the practitioner has weekly hours at the location still valid on or after this day. */
    public boolean hasHoursFrom(UUID practitionerId, UUID locationId, java.time.LocalDate day) {
        return AvailabilityTemplate.count("practitionerId = ?1 and locationId = ?2 and (validTo is null or validTo >= ?3)",
                practitionerId, locationId, day) > 0;
    }

    public java.util.Optional<VisitType> visitTypeByCode(String code) {
        return VisitType.find("code", code).firstResultOptional();
    }

    public java.util.Optional<Schedule> findSchedule(UUID id) {
        return Schedule.findByIdOptional(id);
    }

    public Schedule schedule(UUID id) {
        return ProblemException.orNotFound(Schedule.findById(id), "Schedule", id);
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

    public java.util.Optional<Location> findLocation(UUID id) {
        return id == null ? java.util.Optional.empty() : Location.findByIdOptional(id);
    }

    public Location location(UUID id) {
        return ProblemException.orNotFound(Location.findById(id), "Location", id);
    }

    public Practitioner practitioner(UUID id) {
        return ProblemException.orNotFound(Practitioner.findById(id), "Practitioner", id);
    }

    public VisitType visitType(UUID id) {
        return ProblemException.orNotFound(VisitType.findById(id), "Visit type", id);
    }

    public List<Location> locations() {
        return Location.list("order by name");
    }

    /** Practitioners by NPI and/or the start of a family or given name, by name. One page. */
    public PageResult<Practitioner> searchPractitioners(String npi, String nameStart, int offset, int count) {
        String name = nameStart == null ? null : SearchText.name(nameStart);
        String like = name == null ? null : SearchText.likePrefix(name);
        Where w = new Where().and("npi = ?", npi).and("(lower(family) like ? or lower(given) like ?)", like);
        return PageResult.of(Practitioner.find(w.query() + " order by family, given, id", w.args()), offset, count);
    }

    public List<Practitioner> practitioners(java.util.Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : Practitioner.list("id in ?1", ids);
    }

    public List<Practitioner> practitioners() {
        return Practitioner.list("order by family, given");
    }

    public List<VisitType> visitTypes() {
        return VisitType.list("order by name");
    }

    public List<AvailabilityTemplate> hours(UUID practitionerId) {
        practitioner(practitionerId);
        return AvailabilityTemplate.list("practitionerId = ?1 order by dayOfWeek, startTime", practitionerId);
    }
}
