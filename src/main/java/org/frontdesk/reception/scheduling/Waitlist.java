package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.PatientMessage;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.QuietHours;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The waitlist: patients waiting for a practitioner, location and visit type within a window,
 * and the offer of a freed time to the first of them (oldest first), held for them a while and
 * told to them by message; an offer that lapses or is declined passes to the next.
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
    @Inject SchedulingSetupService setup;
    @Inject jakarta.enterprise.event.Event<PatientMessage> messages;
    /** The quiet hours of patient messages: the reminders' one setting (scheduling reads the key, it can't use reminders). */
    // one setting each, read here as reminders read it (scheduling can't know reminders' config)
    @Inject @ConfigProperty(name = "reception.reminders.practice-name") String practiceName;
    @Inject @ConfigProperty(name = "reception.reminders.quiet-start") LocalTime quietStart;
    @Inject @ConfigProperty(name = "reception.reminders.quiet-end") LocalTime quietEnd;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM 'at' HH:mm", Locale.US);

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
        w.created(actors.current(), now);
        records.insert(w);
        return w;
    }

    /**
     * Offers a time that was just freed (or whose offer lapsed or was declined) to the first
     * waitlist entry (oldest first) that wants this practitioner, location and visit type in a
     * window containing it and was never offered this time before (the database holds each entry
     * to one offer of a time): the time is held for that patient, and they are told by message.
     * Nothing is offered when the time is not plainly free, outside the practitioner's hours, no
     * longer in the future, or starts before the quiet hours now running end (the patient could
     * not be told in time).
     */
    void offerFreedTime(Appointment freed) {
        Instant now = clock.instant();
        Location location = Location.findById(freed.locationId);
        if (!freed.startsAt.isAfter(now) || location == null || !told(location.zone(), now).isBefore(freed.startsAt)) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<UUID> first = em.createNativeQuery("""
                        select id from appointment where status = 'waitlist' and practitioner_id = ?1
                          and location_id = ?2 and visit_type_id = ?3 and starts_at <= ?4 and ends_at >= ?5
                          and patient_id <> ?6
                          and not exists (select 1 from appointment o where o.offered_from = appointment.id
                                          and (o.status = 'pending' or (o.practitioner_id = ?1 and o.starts_at = ?4)))
                        order by created_at, id limit 1 for update skip locked""")
                .setParameter(1, freed.practitionerId).setParameter(2, freed.locationId)
                .setParameter(3, freed.visitTypeId).setParameter(4, freed.startsAt).setParameter(5, freed.endsAt)
                .setParameter(6, freed.patientId).getResultList();
        if (first.isEmpty()) {
            return;
        }
        // The offer must never undo the change that freed the time: skip it if the time is not
        // plainly free now (e.g. a reschedule by 15 minutes still overlaps it). Counted under the
        // practitioner's booking lock, so no booking slips in between the count and the offer.
        records.lock(freed.practitionerId);
        long overlapping = Appointment.count("practitionerId = ?1 and status in ?2 and overbooked = false "
                        + "and busyStart < ?3 and busyEnd > ?4", freed.practitionerId,
                AppointmentStatusPolicy.OCCUPYING, freed.busyEnd, freed.busyStart);
        VisitType type = VisitType.findById(freed.visitTypeId);
        if (overlapping > 0 || !availability.withinHours(freed.practitionerId, location, type, freed.startsAt)) {
            return;
        }
        Appointment entry = Appointment.findById(first.get(0));
        Appointment offer;
        try {
            offer = records.newAppointment(freed.practitionerId, freed.locationId, freed.visitTypeId, freed.startsAt);
        } catch (ProblemException inactive) {
            return; // the practitioner, location or visit type is no longer in use: nothing to offer
        }
        offer.patientId = entry.patientId;
        offer.status = AppointmentStatus.PENDING.code();
        offer.holdToken = UUID.randomUUID().toString();
        offer.holdExpiresAt = lapsesAt(location.zone(), now, offer.startsAt);
        offer.offeredFrom = entry.id;
        offer.comment = "offered from the waitlist";
        records.insert(offer);
        messages.fire(message(offer, location));
    }

    /**
     * When an offer made now lapses: the offer's duration, counted from the end of the quiet hours
     * if it is made in them (the patient can't be told before), and never after the offered start.
     */
    private Instant lapsesAt(ZoneId zone, Instant now, Instant start) {
        Instant lapses = told(zone, now).plus(config.waitlistOfferDuration());
        return lapses.isAfter(start) ? start : lapses;
    }

    /** The first time from {@code now} a patient can be told of an offer: now, or the end of the quiet hours now running. */
    private Instant told(ZoneId zone, Instant now) {
        return new QuietHours(quietStart, quietEnd).over(now, zone);
    }

    /** The patient's message about an offer: where, when, with whom, and how to answer. */
    private PatientMessage message(Appointment offer, Location location) {
        ZoneId zone = location.zone();
        Practitioner p = Practitioner.findById(offer.practitionerId);
        String with = p == null ? "" : " with " + p.displayName();
        String when = offer.startsAt.atZone(zone).format(WHEN);
        String text = practiceName + ": a time has opened for you at " + location.name + " on " + when + with
                + ". Reply YES to book or NO to decline. It is held for you until "
                + offer.holdExpiresAt.atZone(zone).format(WHEN) + ".";
        return new PatientMessage(UUID.randomUUID(), offer.patientId, offer.locationId, AppointmentService.WAITLIST_OFFER,
                offer.id, null, practiceName + ": a time for you on " + when, text, offer.holdExpiresAt);
    }

    /**
     * Ends an open waitlist offer unbooked (the patient declined it, the desk did for them, or it
     * lapsed, or the patient could not be told of it) and offers its time to the next matching
     * entry that has not had it: the one rule behind the expiry job, the patient's reply, the
     * message sender and the desk. Callers read the offer under the practitioner's lock and its
     * row lock ({@code AppointmentService#lockedFresh}); the lock is taken again here (it is
     * re-entrant) so that no caller writes the row before it.
     */
    Appointment passOn(Appointment offer, String why) {
        if (offer.offeredFrom == null || offer.status() != AppointmentStatus.PENDING) {
            throw new ProblemException(Problem.of(409, "/problems/not-an-open-offer", "Not an open offer",
                    "This appointment is not a waitlist offer still open (it is " + offer.status
                            + (offer.offeredFrom == null ? ", not offered from the waitlist" : "") + ")."));
        }
        records.lock(offer.practitionerId);
        offer.holdToken = null;
        records.move(offer, AppointmentStatus.CANCELLED, why);
        em.flush();
        offerFreedTime(offer);
        return offer;
    }

    /** A location's waitlist, oldest first, one page: each entry with its open offer and how the patient was told. */
    SchedulingJson.WaitlistPage of(UUID locationId, int offset, int limit) {
        Location location = setup.location(locationId);
        PageResult<Appointment> page = PageResult.of(Appointment.find(
                "locationId = ?1 and status = ?2 order by createdAt, id", locationId, AppointmentStatus.WAITLIST.code()),
                offset, limit);
        List<UUID> entryIds = page.items().stream().map(a -> a.id).toList();
        Map<UUID, Appointment> offers = entryIds.isEmpty() ? Map.of() : Appointment.<Appointment>list(
                        "offeredFrom in ?1 and status = ?2", entryIds, AppointmentStatus.PENDING.code()).stream()
                .collect(Collectors.toMap(o -> o.offeredFrom, o -> o, (a, b) -> a));
        Map<UUID, String> told = messageStates(offers.values().stream().map(o -> o.id).toList());
        Map<UUID, Patient> people = patients.byIds(page.items().stream().map(a -> a.patientId).collect(Collectors.toSet()));
        Map<UUID, Practitioner> doctors = setup.practitioners(page.items().stream().map(a -> a.practitionerId)
                .collect(Collectors.toSet())).stream().collect(Collectors.toMap(p -> p.id, p -> p));
        Map<UUID, VisitType> types = setup.visitTypes().stream().collect(Collectors.toMap(v -> v.id, v -> v));
        ZoneId zone = location.zone();
        List<SchedulingJson.WaitlistEntry> entries = page.items().stream().map(w -> {
            Patient p = people.get(w.patientId);
            Practitioner doc = doctors.get(w.practitionerId);
            VisitType type = types.get(w.visitTypeId);
            Appointment o = offers.get(w.id);
            return new SchedulingJson.WaitlistEntry(w.id, w.patientId, p == null ? null : p.displayName(),
                    w.practitionerId, doc == null ? null : doc.displayName(), w.visitTypeId,
                    type == null ? null : type.name, w.startsAt, w.endsAt, w.createdAt, w.comment,
                    o == null ? null : new SchedulingJson.WaitlistOffer(o.id, o.startsAt,
                            o.startsAt.atZone(zone).toLocalDateTime(), o.holdExpiresAt, o.holdToken, told.get(o.id)));
        }).toList();
        return new SchedulingJson.WaitlistPage(entries, offset, limit, page.total());
    }

    /**
     * The state of the latest message about each offer: a report read of the reminders' outbox
     * (scheduling comes before reminders and can't call it), by id only.
     */
    @SuppressWarnings("unchecked")
    private Map<UUID, String> messageStates(List<UUID> offerIds) {
        if (offerIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = em.createNativeQuery("""
                        select distinct on (subject_id) subject_id, state from patient_message
                        where subject_id in (?1) and purpose = ?2 order by subject_id, created_at desc""")
                .setParameter(1, offerIds).setParameter(2, AppointmentService.WAITLIST_OFFER).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> (String) r[1]));
    }
}
