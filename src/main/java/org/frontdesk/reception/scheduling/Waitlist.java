package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The waitlist: patients waiting for a practitioner, location and visit type within a window,
 * and the offer of a freed time to the first of them (oldest first), held for them a while.
 */
@ApplicationScoped
class Waitlist {

    @Inject EntityManager em;
    @Inject AppointmentRecords records;
    @Inject Availability availability;
    @Inject PatientService patients;
    @Inject SchedulingConfig config;
    @Inject Actors actors;
    @Inject Clock clock;

    /** Puts a patient on the waitlist for a practitioner, location and visit type within a window. */
    @Transactional
    public Appointment add(UUID patientId, UUID practitionerId, UUID locationId, UUID visitTypeId, Instant earliest,
                                Instant latest, String comment) {
        patients.get(patientId);
        if (Practitioner.findById(practitionerId) == null) {
            throw ProblemException.badRequest("/practitionerId", "No practitioner " + practitionerId + ".");
        }
        records.location(locationId);
        if (VisitType.findById(visitTypeId) == null) {
            throw ProblemException.badRequest("/visitTypeId", "No visit type " + visitTypeId + ".");
        }
        Instant now = clock.instant();
        Appointment w = new Appointment();
        w.id = UUID.randomUUID();
        w.patientId = patientId;
        w.practitionerId = practitionerId;
        w.locationId = locationId;
        w.visitTypeId = visitTypeId;
        w.status = AppointmentStatus.WAITLIST.code();
        w.startsAt = earliest;
        w.endsAt = latest;
        w.busyStart = earliest;
        w.busyEnd = latest;
        w.comment = comment;
        w.createdAt = now;
        w.updatedAt = now;
        w.createdBy = actors.current();
        w.updatedBy = actors.current();
        records.insert(w);
        return w;
    }

    /**
     * Offers a time that was just freed to the first waitlist entry (oldest first) that wants this
     * practitioner, location and visit type in a window containing it: the time is held for that
     * patient for the configured offer duration, for the desk to confirm with them.
     */
    void offerFreedTime(Appointment freed) {
        @SuppressWarnings("unchecked")
        List<UUID> first = em.createNativeQuery("""
                        select id from appointment where status = 'waitlist' and practitioner_id = ?1
                          and location_id = ?2 and visit_type_id = ?3 and starts_at <= ?4 and ends_at >= ?5
                          and patient_id <> ?6
                          and not exists (select 1 from appointment o where o.offered_from = appointment.id
                                          and o.status = 'pending')
                        order by created_at, id limit 1 for update skip locked""")
                .setParameter(1, freed.practitionerId).setParameter(2, freed.locationId)
                .setParameter(3, freed.visitTypeId).setParameter(4, freed.startsAt).setParameter(5, freed.endsAt)
                .setParameter(6, freed.patientId).getResultList();
        if (first.isEmpty()) {
            return;
        }
        // The offer must never undo the change that freed the time: skip it if the time is not
        // plainly free now (e.g. a reschedule by 15 minutes still overlaps it).
        long overlapping = Appointment.count("practitionerId = ?1 and status in ?2 and overbooked = false "
                        + "and busyStart < ?3 and busyEnd > ?4", freed.practitionerId,
                AppointmentStatusPolicy.OCCUPYING, freed.busyEnd, freed.busyStart);
        Location location = Location.findById(freed.locationId);
        VisitType type = VisitType.findById(freed.visitTypeId);
        if (overlapping > 0 || !freed.startsAt.isAfter(clock.instant())
                || !availability.withinHours(freed.practitionerId, location, type, freed.startsAt)) {
            return;
        }
        Appointment entry = Appointment.findById(first.get(0));
        Appointment offer = records.newAppointment(freed.practitionerId, freed.locationId, freed.visitTypeId, freed.startsAt);
        offer.patientId = entry.patientId;
        offer.status = AppointmentStatus.PENDING.code();
        offer.holdToken = UUID.randomUUID().toString();
        offer.holdExpiresAt = clock.instant().plus(config.waitlistOfferDuration());
        offer.offeredFrom = entry.id;
        offer.comment = "offered from the waitlist";
        records.insert(offer);
    }
}
