package org.frontdesk.reception.scheduling;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.SearchText;
import org.frontdesk.reception.shared.Where;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Keeps the practice's scheduling set-up: locations, practitioners, visit types, hours and blocked time. */
@ApplicationScoped
public class SchedulingSetupService {

    @Inject Clock clock;

    @Transactional
    public Location addLocation(Location l) {
        checkLocation(l);
        l.id = UUID.randomUUID();
        l.createdAt = clock.instant();
        l.updatedAt = l.createdAt;
        l.persist();
        return l;
    }

    /** Changes a location if the caller read its current version (If-Match required). */
    @Transactional
    public Location updateLocation(UUID id, String ifMatch, Consumer<Location> change) {
        Location l = location(id);
        ETags.check(ifMatch, l.version, true);
        change.accept(l);
        l.id = id;
        checkLocation(l);
        l.updatedAt = clock.instant();
        Location.flush(); // one new version, and the answer shows it
        return l;
    }

    private static void checkLocation(Location l) {
        List<FieldError> errors = new ArrayList<>();
        if (l.name == null || l.name.isBlank()) {
            errors.add(new FieldError("/name", "a name is required"));
        }
        try {
            if (l.timeZone == null) {
                throw new java.time.DateTimeException("none");
            }
            java.time.ZoneId.of(l.timeZone);
        } catch (java.time.DateTimeException e) {
            errors.add(new FieldError("/timeZone", "an IANA time zone such as America/New_York is required"));
        }
        for (int i = 0; i < l.hours.size(); i++) {
            Location.Hours h = l.hours.get(i);
            if (!h.allDay && (h.openingTime == null || h.closingTime == null || !h.closingTime.isAfter(h.openingTime))) {
                errors.add(new FieldError("/hours/" + i, "opening and closing times are required, closing after opening"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.get(0).detail(), errors);
        }
    }

    @Transactional
    public Practitioner addPractitioner(Practitioner p) {
        checkPractitioner(p);
        if (Practitioner.count("npi", p.npi) > 0) {
            throw duplicateNpi(p.npi);
        }
        p.id = UUID.randomUUID();
        p.createdAt = clock.instant();
        p.updatedAt = p.createdAt;
        p.persist();
        return p;
    }

    /** Changes a practitioner if the caller read their current version (If-Match required); the NPI stays unique. */
    @Transactional
    public Practitioner updatePractitioner(UUID id, String ifMatch, Consumer<Practitioner> change) {
        Practitioner p = practitioner(id);
        ETags.check(ifMatch, p.version, true);
        change.accept(p);
        p.id = id;
        p.updatedAt = clock.instant();
        checkPractitioner(p);
        if (Practitioner.count("npi = ?1 and id <> ?2", p.npi, id) > 0) { // flushes: one new version
            throw duplicateNpi(p.npi);
        }
        return p;
    }

    private static void checkPractitioner(Practitioner p) {
        if (p.npi == null || !Npi.isValid(p.npi)) {
            throw ProblemException.badRequest("/npi", "An NPI is 10 digits ending in a valid check digit; "
                    + p.npi + " is not.");
        }
        if (p.family == null || p.family.isBlank()) {
            throw ProblemException.badRequest("/family", "A family name is required.");
        }
    }

    private static ProblemException duplicateNpi(String npi) {
        return new ProblemException(Problem.of(409, "/problems/duplicate-npi", "NPI already registered",
                "A practitioner with NPI " + npi + " already exists."));
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
                        insert into schedule (id, practitioner_id, location_id, created_at, updated_at)
                        values (?1, ?2, ?3, ?4, ?4)
                        on conflict (practitioner_id, location_id) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, practitionerId).setParameter(3, t.locationId)
                .setParameter(4, clock.instant()).executeUpdate();
        return t;
    }

    /** Publishes a practitioner's schedule at a location (one per pair). */
    @Transactional
    public Schedule addSchedule(Schedule s) {
        Practitioner p = practitioner(s.practitionerId);
        location(s.locationId);
        checkHorizon(s);
        if (Schedule.count("practitionerId = ?1 and locationId = ?2", s.practitionerId, s.locationId) > 0) {
            throw new ProblemException(Problem.of(409, "/problems/duplicate-schedule", "Schedule exists",
                    "Practitioner " + p.id + " already has a schedule at this location; update it instead."));
        }
        s.id = UUID.randomUUID();
        s.createdAt = clock.instant();
        s.updatedAt = s.createdAt;
        s.persist();
        return s;
    }

    /** Changes whether a schedule is active, its horizon and comment (If-Match required); its pair stays. */
    @Transactional
    public Schedule updateSchedule(UUID id, String ifMatch, Consumer<Schedule> change) {
        Schedule s = schedule(id);
        ETags.check(ifMatch, s.version, true);
        UUID practitioner = s.practitionerId;
        UUID location = s.locationId;
        change.accept(s);
        if (!practitioner.equals(s.practitionerId) || !location.equals(s.locationId)) {
            throw ProblemException.badRequest("/actor", "A schedule's practitioner and location can't change; "
                    + "publish another schedule.");
        }
        checkHorizon(s);
        s.updatedAt = clock.instant();
        Schedule.flush();
        return s;
    }

    private static void checkHorizon(Schedule s) {
        if (s.horizonStart != null && s.horizonEnd != null && !s.horizonEnd.isAfter(s.horizonStart)) {
            throw ProblemException.badRequest("/planningHorizon", "The planning horizon must end after it starts.");
        }
    }

    /** Schedules by practitioner, location and whether active, with the common criteria. One page. */
    public PageResult<Schedule> searchSchedules(UUID practitionerId, UUID locationId, Boolean active, Criteria c,
                                                int offset, int count) {
        Where w = c.applyTo(new Where(), "updatedAt").and("practitionerId = ?", practitionerId)
                .and("locationId = ?", locationId).and("active = ?", active);
        return PageResult.of(Schedule.find(w.query() + c.orderBy(Map.of("_lastUpdated", "updatedAt"), "createdAt, id"),
                w.args()), offset, count);
    }

    /** Locations by the start of a word of the name, city and identifier, with the common criteria. One page. */
    public PageResult<Location> searchLocations(String name, String city, String identifierSystem,
                                                String identifierValue, Criteria c, int offset, int count) {
        String like = name == null || SearchText.name(name) == null ? null : "%" + SearchText.likePrefix(SearchText.name(name));
        Where w = c.applyTo(new Where(), "updatedAt").and("lower(name) like ?", like)
                .and("lower(city) = ?", city == null ? null : city.trim().toLowerCase(java.util.Locale.ROOT))
                .and("identifierSystem = ?", identifierSystem).and("identifierValue = ?", identifierValue);
        return PageResult.of(Location.find(w.query() + c.orderBy(Map.of("_lastUpdated", "updatedAt", "name", "name"),
                "name, id"), w.args()), offset, count);
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

    public java.util.Optional<Practitioner> findPractitioner(UUID id) {
        return id == null ? java.util.Optional.empty() : Practitioner.findByIdOptional(id);
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
        return searchPractitioners(npi, nameStart, Criteria.NONE, offset, count);
    }

    public PageResult<Practitioner> searchPractitioners(String npi, String nameStart, Criteria c, int offset, int count) {
        String name = nameStart == null ? null : SearchText.name(nameStart);
        String like = name == null ? null : SearchText.likePrefix(name);
        Where w = c.applyTo(new Where(), "updatedAt").and("npi = ?", npi)
                .and("(lower(family) like ? or lower(given) like ?)", like);
        return PageResult.of(Practitioner.find(w.query() + c.orderBy(Map.of("_lastUpdated", "updatedAt",
                "family", "family"), "family, given, id"), w.args()), offset, count);
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
