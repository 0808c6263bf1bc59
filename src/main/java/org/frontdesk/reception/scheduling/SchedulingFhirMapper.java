package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Scheduling as FHIR R4: Practitioner (NPI identifier, taxonomy as qualification) and
 * Appointment (patient, practitioner and location as participants, the visit type as
 * appointmentType), Schedule (a practitioner at a location) and Slot (a block of a schedule's
 * time, its id naming the schedule and the instants). Read-only views of our tables; the shapes are nested references that
 * MapStruct would only wrap in expressions.
 */
@ApplicationScoped
class SchedulingFhirMapper {

    public static final String NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi";
    static final String TAXONOMY = "http://nucc.org/provider-taxonomy";
    static final String VISIT_TYPE = "urn:frontdesk:visit-type";
    /** Identifier system of a hold's token, which {@code $book} must echo. */
    static final String HOLD_TOKEN = "urn:frontdesk:hold-token";

    public org.hl7.fhir.r4.model.Practitioner toFhir(Practitioner p) {
        var fhir = new org.hl7.fhir.r4.model.Practitioner();
        fhir.setId(p.id.toString());
        fhir.setMeta(new Meta().setVersionId(Long.toString(p.version)));
        fhir.addIdentifier(new Identifier().setSystem(NPI_SYSTEM).setValue(p.npi));
        fhir.setActive(p.active);
        HumanName name = fhir.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(p.family);
        if (p.given != null) {
            name.addGiven(p.given);
        }
        if (p.prefix != null) {
            name.addPrefix(p.prefix);
        }
        if (p.suffix != null) {
            name.addSuffix(p.suffix);
        }
        if (p.taxonomyCode != null) {
            fhir.addQualification().setCode(new CodeableConcept(new Coding(TAXONOMY, p.taxonomyCode, null)));
        }
        return fhir;
    }

    /** An appointment, or (for {@code $find}) a proposed one for a free slot when {@code a.id} is null. */
    public org.hl7.fhir.r4.model.Appointment toFhir(Appointment a, VisitType type) {
        var fhir = new org.hl7.fhir.r4.model.Appointment();
        if (a.id != null) {
            fhir.setId(a.id.toString());
            fhir.setMeta(new Meta().setVersionId(Long.toString(a.version)));
            fhir.setCreated(Date.from(a.createdAt));
        }
        fhir.setStatus(org.hl7.fhir.r4.model.Appointment.AppointmentStatus.fromCode(a.status));
        if (type != null) {
            fhir.setAppointmentType(new CodeableConcept(new Coding(VISIT_TYPE, type.code, type.name)));
            fhir.setMinutesDuration(type.durationMinutes);
        }
        fhir.setStart(Date.from(a.startsAt));
        fhir.setEnd(Date.from(a.endsAt));
        if (a.cancellationReason != null) {
            fhir.setCancelationReason(new CodeableConcept().setText(a.cancellationReason));
        }
        fhir.setComment(a.comment);
        if (a.holdToken != null) {
            fhir.addIdentifier(new Identifier().setSystem(HOLD_TOKEN).setValue(a.holdToken));
        }
        var accepted = org.hl7.fhir.r4.model.Appointment.ParticipationStatus.ACCEPTED;
        var needsAction = org.hl7.fhir.r4.model.Appointment.ParticipationStatus.NEEDSACTION;
        var participant = a.id == null ? needsAction : accepted;
        if (a.patientId != null) {
            fhir.addParticipant().setActor(new Reference("Patient/" + a.patientId)).setStatus(participant);
        }
        fhir.addParticipant().setActor(new Reference("Practitioner/" + a.practitionerId)).setStatus(participant);
        fhir.addParticipant().setActor(new Reference("Location/" + a.locationId)).setStatus(participant);
        return fhir;
    }

    /** A practitioner's schedule at a location; active while both are and hours apply from {@code today} on. */
    public org.hl7.fhir.r4.model.Schedule toFhir(Schedule s, Practitioner p, Location l, boolean active,
                                                  Instant horizonStart, Instant horizonEnd) {
        var fhir = new org.hl7.fhir.r4.model.Schedule();
        fhir.setId(s.id.toString());
        fhir.setActive(active);
        fhir.addActor(new Reference("Practitioner/" + p.id).setDisplay(displayName(p)));
        fhir.addActor(new Reference("Location/" + l.id).setDisplay(l.name));
        fhir.setPlanningHorizon(new Period().setStart(Date.from(horizonStart)).setEnd(Date.from(horizonEnd)));
        return fhir;
    }

    /** A block of a schedule's time; {@code type} when the block is a free slot sized for that visit type. */
    public org.hl7.fhir.r4.model.Slot toFhir(UUID scheduleId, Availability.Block b, VisitType type) {
        var fhir = new org.hl7.fhir.r4.model.Slot();
        fhir.setId(slotId(scheduleId, b.start(), b.end()));
        fhir.setSchedule(new Reference("Schedule/" + scheduleId));
        fhir.setStatus(switch (b.occupancy()) {
            case FREE -> org.hl7.fhir.r4.model.Slot.SlotStatus.FREE;
            case BUSY -> org.hl7.fhir.r4.model.Slot.SlotStatus.BUSY;
            case BUSY_TENTATIVE -> org.hl7.fhir.r4.model.Slot.SlotStatus.BUSYTENTATIVE;
            case BUSY_UNAVAILABLE -> org.hl7.fhir.r4.model.Slot.SlotStatus.BUSYUNAVAILABLE;
        });
        fhir.setStart(Date.from(b.start()));
        fhir.setEnd(Date.from(b.end()));
        if (type != null) {
            fhir.setAppointmentType(new CodeableConcept(new Coding(VISIT_TYPE, type.code, type.name)));
        }
        return fhir;
    }

    /** A slot's id: {@code <schedule>.<start epoch second>.<end epoch second>}, 58 characters at most. */
    static String slotId(UUID scheduleId, Instant start, Instant end) {
        return scheduleId + "." + start.getEpochSecond() + "." + end.getEpochSecond();
    }

    private static String displayName(Practitioner p) {
        return String.join(" ", java.util.stream.Stream.of(p.prefix, p.given, p.family, p.suffix)
                .filter(x -> x != null && !x.isBlank()).toList());
    }
}
