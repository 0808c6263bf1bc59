package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirReferences;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Resource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Slot on the FHIR face: a schedule's time, computed from hours, openings, blocks and
 * appointments rather than stored. A slot's id names its schedule and instants, so reading it
 * again tells its status now: {@code busy} once booked, {@code free} again after a cancellation.
 * Creating a {@code free} slot opens that time; a {@code busy-unavailable} one blocks it; an
 * update that moves a slot answers with the id of its new time. Search needs a {@code schedule};
 * with an {@code appointment-type} the free time comes as bookable slots of that visit type,
 * otherwise as the longest free stretches.
 */
@ApplicationScoped
class SlotFhirResource implements FhirType {

    /** A search without a {@code start} range covers this many days from the start of today. */
    private static final int DEFAULT_DAYS = 7;
    private static final Set<String> STATUSES = Set.of("free", "busy", "busy-tentative", "busy-unavailable");
    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Slot")
            .interactions(Interaction.READ, Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE, Interaction.SEARCH)
            .param("schedule", "reference", "Schedule/<id>; required")
            .param("start", "date", "ge/gt/le/lt date or dateTime; default the next 7 days")
            .param("status", "token", "free, busy, busy-tentative, busy-unavailable")
            .param("appointment-type", "token", SchedulingFhirMapper.VISIT_TYPE + "|<code>: free slots sized for that visit type")
            .include("Slot:schedule")
            .build();

    @Inject Clock clock;
    @Inject SchedulingSetupService setup;
    @Inject Availability availability;
    @Inject Slots slots;
    @Inject SchedulingFhirMapper mapper;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    /** What a slot id names: the schedule and the instants. */
    private record SlotId(UUID schedule, Instant start, Instant end) {

        static SlotId parse(String id) {
            String[] parts = id.split("\\.");
            try {
                if (parts.length != 3) {
                    throw new IllegalArgumentException();
                }
                SlotId s = new SlotId(UUID.fromString(parts[0]), Instant.ofEpochSecond(Long.parseLong(parts[1])),
                        Instant.ofEpochSecond(Long.parseLong(parts[2])));
                if (!s.end().isAfter(s.start()) || Duration.between(s.start(), s.end()).toDays() > 1) {
                    throw new IllegalArgumentException();
                }
                return s;
            } catch (RuntimeException e) {
                throw ProblemException.notFound("Slot", id);
            }
        }
    }

    @Override
    public FhirRecord read(String id) {
        SlotId s = SlotId.parse(id);
        Schedule schedule = setup.findSchedule(s.schedule()).orElseThrow(() -> ProblemException.notFound("Slot", id));
        Location location = setup.location(schedule.locationId);
        return new FhirRecord(mapper.toFhir(schedule.id, new Availability.Block(s.start(), s.end(),
                availability.occupancy(schedule.practitionerId, location, s.start(), s.end())), null), 0, null, null);
    }

    @Override
    public FhirRecord create(Resource body) {
        var f = (org.hl7.fhir.r4.model.Slot) body;
        Schedule schedule = FhirReferences.required(f.getSchedule().getReference(), "Schedule", "Slot.schedule",
                setup::findSchedule);
        Slots.Stretch stretch = stretch(f);
        slots.publish(schedule.id, stretch);
        return read(SchedulingFhirMapper.slotId(schedule.id, stretch.start(), stretch.end()));
    }

    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        SlotId old = SlotId.parse(id);
        var f = (org.hl7.fhir.r4.model.Slot) body;
        if (!("Schedule/" + old.schedule()).equals(f.getSchedule().getReference())) {
            throw ProblemException.badRequest("A slot stays on its schedule.",
                    List.of(new FieldError("Slot.schedule", "must be Schedule/" + old.schedule())));
        }
        Slots.Stretch next = stretch(f);
        slots.change(old.schedule(), old.start(), old.end(), next);
        return read(SchedulingFhirMapper.slotId(old.schedule(), next.start(), next.end()));
    }

    @Override
    public void delete(String id, String ifMatch) {
        SlotId s = SlotId.parse(id);
        setup.findSchedule(s.schedule()).orElseThrow(() -> ProblemException.notFound("Slot", id));
        slots.remove(s.schedule(), s.start(), s.end());
    }

    private static Slots.Stretch stretch(org.hl7.fhir.r4.model.Slot f) {
        if (!f.hasStart() || !f.hasEnd()) {
            throw ProblemException.badRequest("A slot has a start and an end.",
                    List.of(new FieldError(f.hasStart() ? "Slot.end" : "Slot.start", "is required")));
        }
        var status = f.getStatus();
        if (status != org.hl7.fhir.r4.model.Slot.SlotStatus.FREE
                && status != org.hl7.fhir.r4.model.Slot.SlotStatus.BUSYUNAVAILABLE) {
            throw ProblemException.badRequest("A slot is published free (open time) or busy-unavailable (blocked time); "
                    + "busy comes from booking an Appointment.", List.of(new FieldError("Slot.status",
                    "must be free or busy-unavailable")));
        }
        return new Slots.Stretch(f.getStart().toInstant(), f.getEnd().toInstant(),
                status == org.hl7.fhir.r4.model.Slot.SlotStatus.FREE, f.getComment());
    }

    @Override
    public Map<String, Include> includes() {
        return Map.of("schedule", new Include("Schedule",
                r -> List.of(((org.hl7.fhir.r4.model.Slot) r).getSchedule().getReference())));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        String scheduleRef = q.first("schedule");
        if (scheduleRef == null || scheduleRef.isBlank()) {
            throw ProblemException.badRequest("schedule", "Slot search needs schedule=Schedule/<id> (see /fhir/Schedule).");
        }
        Schedule schedule = setup.findSchedule(FhirSearch.referenced(scheduleRef, "Schedule")).orElse(null);
        if (schedule == null) {
            return new PageResult<>(List.of(), q.offset(), q.count(), 0);
        }
        Location location = setup.location(schedule.locationId);
        ZoneId zone = location.zone();
        Instant from = null;
        Instant to = null;
        for (String raw : q.all("start")) {
            FhirSearch.InstantRange r = FhirSearch.instants("start", raw);
            from = r.from() == null ? from : r.from();
            to = r.to() == null ? to : r.to();
        }
        if (from == null) {
            from = to == null ? LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant()
                    : to.minus(Duration.ofDays(DEFAULT_DAYS));
        }
        if (to == null) {
            to = from.plus(Duration.ofDays(DEFAULT_DAYS));
        }
        Set<String> statuses = new java.util.HashSet<>();
        for (String raw : q.all("status")) {
            for (String st : raw.split(",")) {
                if (!STATUSES.contains(st.trim())) {
                    throw ProblemException.badRequest("status", "status must be free, busy, busy-tentative or busy-unavailable.");
                }
                statuses.add(st.trim());
            }
        }
        VisitType type = visitType(q.first("appointment-type"));

        List<Availability.Block> blocks = new ArrayList<>(availability.blocks(schedule.practitionerId, location, from, to));
        if (type != null) {
            blocks.removeIf(b -> b.occupancy() == Availability.Occupancy.FREE);
            Instant notBefore = from.isAfter(clock.instant()) ? from : clock.instant();
            Instant until = to;
            availability.freeSlots(location, type, schedule.practitionerId, from.atZone(zone).toLocalDate(),
                            to.minusNanos(1).atZone(zone).toLocalDate(), notBefore, Integer.MAX_VALUE).stream()
                    .filter(s -> !s.end().isAfter(until))
                    .forEach(s -> blocks.add(new Availability.Block(s.start(), s.end(), Availability.Occupancy.FREE)));
            blocks.sort(Comparator.comparing(Availability.Block::start).thenComparing(Availability.Block::end));
        }
        List<FhirRecord> all = blocks.stream()
                .map(b -> mapper.toFhir(schedule.id, b, b.occupancy() == Availability.Occupancy.FREE ? type : null))
                .filter(s -> statuses.isEmpty() || statuses.contains(s.getStatus().toCode()))
                .map(s -> new FhirRecord(s, 0, null, null))
                .toList();
        return PageResult.slice(all, q.offset(), q.count());
    }

    private VisitType visitType(String raw) {
        if (raw == null) {
            return null;
        }
        FhirSearch.TokenParam t = FhirSearch.tokens(raw).get(0);
        if (t.system() != null && !t.system().equals(SchedulingFhirMapper.VISIT_TYPE)) {
            throw ProblemException.badRequest("appointment-type", "appointment-type must be a code of "
                    + SchedulingFhirMapper.VISIT_TYPE + ".");
        }
        VisitType type = setup.visitTypeByCode(t.value()).orElse(null);
        if (type == null) {
            throw ProblemException.badRequest("appointment-type", "No visit type with code " + t.value() + ".");
        }
        return type;
    }
}
