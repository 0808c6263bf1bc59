package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Scheduling as FHIR R4: Practitioner (NPI identifier, taxonomy as qualification), Location
 * (IANA zone in the timezone extension, hours of operation), PractitionerRole, Appointment
 * (patient, practitioner and location as participants, the visit type as appointmentType),
 * Schedule (a practitioner at a location), Slot (a block of a schedule's time, its id naming the
 * schedule and the instants) and Encounter (the visit as it happens). Hand-written: the shapes
 * are nested references and codings that MapStruct would only wrap in expressions.
 */
@ApplicationScoped
class SchedulingFhirMapper {

    public static final String NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi";
    static final String TAXONOMY = "http://nucc.org/provider-taxonomy";
    static final String VISIT_TYPE = "urn:frontdesk:visit-type";
    /** Identifier system of a hold's token, which {@code $book} must echo. */
    static final String HOLD_TOKEN = "urn:frontdesk:hold-token";
    static final String TIMEZONE = "http://hl7.org/fhir/StructureDefinition/timezone";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final java.time.format.DateTimeFormatter HH_MM_SS = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    // ------------------------------------------------------------------ Practitioner

    public org.hl7.fhir.r4.model.Practitioner toFhir(Practitioner p) {
        var fhir = new org.hl7.fhir.r4.model.Practitioner();
        fhir.setId(p.id.toString());
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

    /** Copies what we keep of a FHIR Practitioner: the NPI, the first name, active, the taxonomy. */
    void update(org.hl7.fhir.r4.model.Practitioner f, Practitioner p) {
        p.npi = f.getIdentifier().stream().filter(i -> NPI_SYSTEM.equals(i.getSystem())).map(Identifier::getValue)
                .findFirst().orElseThrow(() -> ProblemException.badRequest("A practitioner needs an NPI identifier ("
                        + NPI_SYSTEM + ").", List.of(new FieldError("Practitioner.identifier", "an NPI is required"))));
        if (f.getName().isEmpty() || !f.getNameFirstRep().hasFamily()) {
            throw ProblemException.badRequest("A practitioner needs a family name.",
                    List.of(new FieldError("Practitioner.name[0].family", "is required")));
        }
        HumanName n = f.getNameFirstRep();
        p.family = n.getFamily();
        p.given = n.hasGiven() ? n.getGiven().stream().map(StringType::getValue).collect(Collectors.joining(" ")) : null;
        p.prefix = n.hasPrefix() ? n.getPrefix().get(0).getValue() : null;
        p.suffix = n.hasSuffix() ? n.getSuffix().get(0).getValue() : null;
        p.active = !f.hasActive() || f.getActive();
        p.taxonomyCode = f.getQualification().stream().flatMap(q -> q.getCode().getCoding().stream())
                .filter(c -> TAXONOMY.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ Location

    public org.hl7.fhir.r4.model.Location toFhir(Location l) {
        var fhir = new org.hl7.fhir.r4.model.Location();
        fhir.setId(l.id.toString());
        fhir.addExtension(TIMEZONE, new CodeType(l.timeZone));
        fhir.setStatus(l.active ? org.hl7.fhir.r4.model.Location.LocationStatus.ACTIVE
                : org.hl7.fhir.r4.model.Location.LocationStatus.INACTIVE);
        fhir.setName(l.name);
        fhir.setMode(org.hl7.fhir.r4.model.Location.LocationMode.INSTANCE);
        if (l.identifierValue != null) {
            fhir.addIdentifier().setSystem(l.identifierSystem).setValue(l.identifierValue);
        }
        if (l.phone != null) {
            fhir.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(l.phone);
        }
        if (l.addressLine != null || l.city != null || l.state != null || l.postalCode != null || l.country != null) {
            Address a = fhir.getAddress().setCity(l.city).setState(l.state).setPostalCode(l.postalCode).setCountry(l.country);
            if (l.addressLine != null) {
                a.addLine(l.addressLine);
            }
        }
        for (Location.Hours h : l.hours) {
            var hours = fhir.addHoursOfOperation();
            for (String d : h.days.split(",")) {
                hours.addDaysOfWeek(org.hl7.fhir.r4.model.Location.DaysOfWeek.fromCode(d));
            }
            if (h.allDay) {
                hours.setAllDay(true);
            } else {
                hours.setOpeningTime(HH_MM_SS.format(h.openingTime)).setClosingTime(HH_MM_SS.format(h.closingTime));
            }
        }
        return fhir;
    }

    void update(org.hl7.fhir.r4.model.Location f, Location l) {
        l.name = f.getName();
        l.timeZone = f.getExtension().stream().filter(e -> TIMEZONE.equals(e.getUrl()))
                .map(e -> e.getValue() == null ? null : e.getValue().primitiveValue()).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("A location carries its IANA time zone in the "
                        + TIMEZONE + " extension.", List.of(new FieldError("Location.extension", "a timezone extension is required"))));
        l.active = f.getStatus() != org.hl7.fhir.r4.model.Location.LocationStatus.INACTIVE;
        l.identifierSystem = f.hasIdentifier() ? f.getIdentifierFirstRep().getSystem() : null;
        l.identifierValue = f.hasIdentifier() ? f.getIdentifierFirstRep().getValue() : null;
        l.phone = f.getTelecom().stream().filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE)
                .map(ContactPoint::getValue).findFirst().orElse(null);
        Address a = f.hasAddress() ? f.getAddress() : null;
        l.addressLine = a == null || !a.hasLine() ? null
                : a.getLine().stream().map(StringType::getValue).collect(Collectors.joining(", "));
        l.city = a == null ? null : a.getCity();
        l.state = a == null ? null : a.getState();
        l.postalCode = a == null ? null : a.getPostalCode();
        l.country = a == null ? null : a.getCountry();
        l.hours.clear();
        for (int i = 0; i < f.getHoursOfOperation().size(); i++) {
            var h = f.getHoursOfOperation().get(i);
            if (!h.hasDaysOfWeek()) {
                throw ProblemException.badRequest("Each hoursOfOperation names its days of the week.",
                        List.of(new FieldError("Location.hoursOfOperation[" + i + "].daysOfWeek", "is required")));
            }
            Location.Hours out = new Location.Hours();
            out.days = h.getDaysOfWeek().stream().map(d -> d.getValue().toCode()).distinct()
                    .collect(Collectors.joining(","));
            out.allDay = h.getAllDay();
            try {
                out.openingTime = h.hasOpeningTime() ? LocalTime.parse(h.getOpeningTime()) : null;
                out.closingTime = h.hasClosingTime() ? LocalTime.parse(h.getClosingTime()) : null;
            } catch (java.time.format.DateTimeParseException e) {
                throw ProblemException.badRequest("Opening and closing times are hh:mm:ss.",
                        List.of(new FieldError("Location.hoursOfOperation[" + i + "]", "has an unreadable time")));
            }
            l.hours.add(out);
        }
    }

    // ------------------------------------------------------------------ PractitionerRole

    public org.hl7.fhir.r4.model.PractitionerRole toFhir(PractitionerRole r) {
        var fhir = new org.hl7.fhir.r4.model.PractitionerRole();
        fhir.setId(r.id.toString());
        fhir.setActive(r.active);
        fhir.setPractitioner(new Reference("Practitioner/" + r.practitionerId));
        if (r.locationId != null) {
            fhir.addLocation(new Reference("Location/" + r.locationId));
        }
        if (r.specialtyCode != null) {
            fhir.addSpecialty(new CodeableConcept(new Coding(r.specialtySystem, r.specialtyCode, r.specialtyDisplay)));
        }
        return fhir;
    }

    // ------------------------------------------------------------------ Appointment

    /** An appointment, or (for {@code $find}) a proposed one for a free slot when {@code a.id} is null. */
    public org.hl7.fhir.r4.model.Appointment toFhir(Appointment a, VisitType type) {
        var fhir = new org.hl7.fhir.r4.model.Appointment();
        if (a.id != null) {
            fhir.setId(a.id.toString());
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

    // ------------------------------------------------------------------ Schedule and Slot

    /** A practitioner's schedule at a location; active while it, they and the location are. */
    public org.hl7.fhir.r4.model.Schedule toFhir(Schedule s, Practitioner p, Location l, Instant horizonStart,
                                                  Instant horizonEnd) {
        var fhir = new org.hl7.fhir.r4.model.Schedule();
        fhir.setId(s.id.toString());
        fhir.setActive(s.active && p.active && l.active);
        fhir.addActor(new Reference("Practitioner/" + p.id).setDisplay(p.displayName()));
        fhir.addActor(new Reference("Location/" + l.id).setDisplay(l.name));
        fhir.setPlanningHorizon(new Period().setStart(Date.from(horizonStart)).setEnd(Date.from(horizonEnd)));
        fhir.setComment(s.comment);
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

    // ------------------------------------------------------------------ Encounter

    public org.hl7.fhir.r4.model.Encounter toFhir(Encounter e) {
        var fhir = new org.hl7.fhir.r4.model.Encounter();
        fhir.setId(e.id.toString());
        fhir.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.fromCode(e.status));
        fhir.setClass_(new Coding(ACT_CODE, "AMB", "ambulatory"));
        fhir.setSubject(new Reference("Patient/" + e.patientId));
        fhir.addParticipant().setIndividual(new Reference("Practitioner/" + e.practitionerId));
        fhir.addAppointment(new Reference("Appointment/" + e.appointmentId));
        fhir.addLocation().setLocation(new Reference("Location/" + e.locationId));
        Period period = new Period().setStart(Date.from(e.periodStart));
        if (e.periodEnd != null) {
            period.setEnd(Date.from(e.periodEnd));
        }
        fhir.setPeriod(period);
        return fhir;
    }

}
