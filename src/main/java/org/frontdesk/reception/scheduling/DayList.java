package org.frontdesk.reception.scheduling;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.coverage.EligibilityService;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientName;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.scheduling.SchedulingJson.DayEntry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The front desk's day at a location: every visit starting that day (location time) with who,
 * with whom, for what, whether they are late, and whether their eligibility was checked recently
 * enough. Patients, practitioners, visit types and eligibility are each read once for the whole
 * day, not once a row.
 */
@ApplicationScoped
public class DayList {

    @Inject AppointmentService appointments;
    @Inject SchedulingSetupService setup;
    @Inject PatientService patients;
    @Inject EligibilityService eligibility;
    @Inject Clock clock;
    @Inject jakarta.enterprise.inject.Instance<IntakeFormStates> forms;

    public List<DayEntry> of(UUID locationId, LocalDate date) {
        Location location = setup.location(locationId);
        return rows(location, date, appointments.day(locationId, date));
    }

    /**
     * The day list rows of these appointments as they stand now, by appointment id: what the
     * desk's live feed sends when a row changes. An id that is not an appointment has no row.
     */
    public Map<UUID, DayEntry> rows(Collection<UUID> appointmentIds) {
        if (appointmentIds.isEmpty()) {
            return Map.of();
        }
        List<Appointment> found = Appointment.list("id in ?1", List.copyOf(appointmentIds));
        Map<UUID, DayEntry> rows = new HashMap<>();
        Map<UUID, List<Appointment>> byLocation = found.stream().collect(Collectors.groupingBy(a -> a.locationId));
        byLocation.forEach((locationId, here) -> {
            Location location = setup.location(locationId);
            here.stream().collect(Collectors.groupingBy(a -> a.startsAt.atZone(location.zone()).toLocalDate()))
                    .forEach((day, visits) -> rows(location, day, visits).forEach(r -> rows.put(r.appointmentId(), r)));
        });
        return rows;
    }

    private List<DayEntry> rows(Location location, LocalDate date, List<Appointment> due) {
        Instant now = clock.instant();
        Set<UUID> patientIds = due.stream().map(a -> a.patientId).filter(Objects::nonNull).collect(Collectors.toSet());
        Map<UUID, Patient> people = patients.byIds(patientIds);
        Map<UUID, Practitioner> doctors = setup.practitioners(due.stream().map(a -> a.practitionerId)
                .collect(Collectors.toSet())).stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
        Map<UUID, VisitType> types = setup.visitTypes().stream().collect(Collectors.toMap(v -> v.id, Function.identity()));
        Map<UUID, EligibilityService.Freshness> checked = eligibility.freshness(patientIds, date, location.zone());
        Map<UUID, SchedulingJson.IntakeFormState> intake = forms.isResolvable()
                ? forms.get().of(due.stream().map(a -> a.id).toList()) : Map.of();
        return due.stream().map(a -> {
            Patient p = a.patientId == null ? null : people.get(a.patientId);
            PatientName n = p == null ? null : p.primaryName();
            Practitioner doc = doctors.get(a.practitionerId);
            EligibilityService.Freshness e = a.patientId == null ? null : checked.get(a.patientId);
            boolean late = a.status() == AppointmentStatus.BOOKED && now.isAfter(a.startsAt);
            return new DayEntry(a.id, a.startsAt, a.endsAt, a.startsAt.atZone(location.zone()).toLocalTime(),
                    a.status(), a.patientId, n == null ? null : display(n), p == null ? null : p.mrn, a.practitionerId,
                    doc.displayName(),
                    types.get(a.visitTypeId).name, late, late ? (int) Duration.between(a.startsAt, now).toMinutes() : null,
                    e == null ? null : e.coverageId(),
                    e != null ? (e.result() == null ? "not-checked" : e.result()) : a.patientId == null ? null : "no-coverage",
                    e == null ? null : e.checkedAt(), a.patientId != null && (e == null || e.stale()), a.confirmedAt,
                    e != null && e.failed(), e != null && e.failed() ? failure(e) : null, intake.get(a.id));
        }).toList();
    }

    private static String failure(EligibilityService.Freshness e) {
        if ("inactive".equals(e.result())) {
            return "inactive: the insurer says the coverage is not in force" + (e.reason() == null ? "" : " (" + e.reason() + ")");
        }
        return "no usable answer: " + (e.reason() == null ? "unknown" : e.reason());
    }

    private static String display(PatientName n) {
        String given = n.given == null ? "" : String.join(" ", n.given);
        return n.family == null ? (n.text != null ? n.text : given) : (n.family + (given.isEmpty() ? "" : ", " + given));
    }
}
