package org.frontdesk.reception.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontdesk.reception.coding.CodeSetLoader;
import org.frontdesk.reception.coverage.Coverage;
import org.frontdesk.reception.coverage.CoverageJson.CoverageOrder;
import org.frontdesk.reception.coverage.CoverageJson.CoverageRequest;
import org.frontdesk.reception.coverage.CoverageJson.PayerRequest;
import org.frontdesk.reception.coverage.CoverageMapper;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientMapper;
import org.frontdesk.reception.patient.PatientQuery;
import org.frontdesk.reception.patient.PatientRequest;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.payments.VisitCharges;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.scheduling.Availability;
import org.frontdesk.reception.scheduling.Location;
import org.frontdesk.reception.scheduling.Practitioner;
import org.frontdesk.reception.scheduling.SchedulingJson.AvailabilityRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.LocationRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.PractitionerRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.VisitTypeRequest;
import org.frontdesk.reception.scheduling.SchedulingMapper;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.scheduling.VisitType;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.ProblemException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens dev mode on a working practice (see the package notes). Idempotent: the practice is made
 * once (found again by its location's name), and each of today and tomorrow gets its visits only
 * when it has none yet. The practice's zone is this machine's, so "today" is the developer's today.
 */
@ApplicationScoped
class SamplePractice {

    private static final Logger LOG = Logger.getLogger(SamplePractice.class);
    /** The identifier system that finds the sample's patients again on a later day. */
    static final String SAMPLE_ID = "urn:frontdesk:sample";
    /** How many visits each practitioner gets on each sample day. */
    static final int VISITS_A_DAY = 6;

    /** The sample as {@code sample/practice.json} writes it: the desk's own request shapes. */
    record Sample(LocationRequest location, Hours hours, List<PractitionerRequest> practitioners,
                  List<SampleVisitType> visitTypes, List<PayerRequest> payers, List<SamplePatient> patients) {
    }

    record Hours(LocalTime start, LocalTime end) {
    }

    record SampleVisitType(String code, String name, int durationMinutes, int bufferBeforeMinutes,
                           int bufferAfterMinutes, String benefitCategory, BigDecimal selfPayFee) {
    }

    record SamplePatient(PatientRequest patient, SampleCoverage coverage) {
    }

    record SampleCoverage(String payer, String memberId, String planName, String groupNumber, BigDecimal copay) {
    }

    /** What one run added. */
    public record Seeded(boolean practiceCreated, int visits, int codeSetsLoaded) {
    }

    @Inject SchedulingSetupService setup;
    @Inject SchedulingMapper scheduling;
    @Inject Availability availability;
    @Inject AppointmentService appointments;
    @Inject PayerService payers;
    @Inject CoverageService coverages;
    @Inject CoverageMapper coverageMapper;
    @Inject PatientService patients;
    @Inject PatientMapper patientMapper;
    @Inject VisitCharges charges;
    @Inject CodeSetLoader codeSets;
    @Inject ObjectMapper json;
    @Inject Clock clock;
    @ConfigProperty(name = "reception.sample.enabled", defaultValue = "false") boolean enabled;

    void onStart(@Observes StartupEvent e) {
        if (!enabled) {
            return;
        }
        try {
            Seeded s = seed(LocalDate.now(clock.withZone(ZoneId.systemDefault())));
            LOG.infof("Sample practice ready (%s, %d visit(s) added, %d code set(s) loaded)",
                    s.practiceCreated() ? "created" : "already there", s.visits(), s.codeSetsLoaded());
        } catch (RuntimeException ex) {
            // the sample is a convenience: dev mode still starts, on whatever the database holds
            LOG.warnf("The sample practice could not be made: %s", ex.getMessage());
        }
    }

    /** Makes the practice if it is not there, loads the code sets, and books {@code day} and the day after. */
    public Seeded seed(LocalDate day) {
        Sample sample = read();
        Optional<Location> found = setup.locations().stream().filter(l -> l.name.equals(sample.location().name()))
                .findFirst();
        Location location = found.orElseGet(() -> QuarkusTransaction.requiringNew().call(() -> create(sample, day)));
        int loaded = loadCodeSets();
        List<String> codes = sample.visitTypes().stream().map(SampleVisitType::code).toList();
        List<VisitType> types = setup.visitTypes().stream().filter(t -> codes.contains(t.code)).toList();
        // each day's visits in one transaction: a day is booked whole or not at all
        int visits = QuarkusTransaction.requiringNew().call(() -> book(location, types, day, true))
                + QuarkusTransaction.requiringNew().call(() -> book(location, types, day.plusDays(1), false));
        return new Seeded(found.isEmpty(), visits, loaded);
    }

    private Location create(Sample s, LocalDate day) {
        LocationRequest l = s.location();
        Location location = setup.addLocation(scheduling.toEntity(new LocationRequest(l.name(),
                ZoneId.systemDefault().getId(), l.phone())));
        for (PractitionerRequest p : s.practitioners()) {
            Practitioner doc = setup.addPractitioner(scheduling.toEntity(p));
            for (int weekday = 1; weekday <= 7; weekday++) {
                setup.addHours(doc.id, scheduling.toEntity(new AvailabilityRequest(location.id, weekday,
                        s.hours().start(), s.hours().end(), day.minusYears(1), null)));
            }
        }
        for (SampleVisitType v : s.visitTypes()) {
            VisitType type = setup.addVisitType(scheduling.toEntity(new VisitTypeRequest(v.code(), v.name(),
                    v.durationMinutes(), v.bufferBeforeMinutes(), v.bufferAfterMinutes(), v.benefitCategory())));
            charges.setSelfPayFee(type.id, day.minusYears(1), v.selfPayFee(), Actors.SYSTEM);
        }
        List<Payer> added = s.payers().stream().map(p -> payers.add(coverageMapper.toEntity(p))).toList();
        for (SamplePatient sp : s.patients()) {
            Patient p = patients.register(patientMapper.toEntity(sp.patient()), true);
            SampleCoverage c = sp.coverage();
            if (c != null) {
                Payer payer = added.stream().filter(x -> x.payerCode.equals(c.payer())).findFirst().orElseThrow();
                Coverage coverage = coverageMapper.toEntity(new CoverageRequest(payer.id, c.planName(), c.groupNumber(),
                        c.memberId(), CoverageOrder.PRIMARY, null, null, null, day.minusYears(1), null, c.copay(),
                        null, null));
                coverages.add(p.id, coverage);
            }
        }
        return location;
    }

    /**
     * Books each practitioner's first free times of a day with the sample's patients, unless the
     * day already has visits. On {@code today}, visits move along the desk's day: fulfilled,
     * checked in, arrived, cancelled, the rest booked; tomorrow's are booked, some confirmed.
     */
    private int book(Location location, List<VisitType> types, LocalDate day, boolean today) {
        if (!appointments.day(location.id, day).isEmpty()) {
            return 0;
        }
        List<Patient> people = samplePatients();
        // free times long enough for the longest visit type, so any type fits
        VisitType longest = types.stream().max(java.util.Comparator.comparingInt(t -> t.durationMinutes)).orElseThrow();
        int booked = 0;
        for (Practitioner doc : setup.practitioners()) {
            if (setup.schedules(doc.id, location.id).isEmpty()) {
                continue;
            }
            List<Availability.Slot> free = availability.freeSlots(location, longest, doc.id, day, day,
                    clock.instant(), VISITS_A_DAY * 2);
            for (int i = 0; i < VISITS_A_DAY && 2 * i < free.size(); i++) {
                Availability.Slot slot = free.get(2 * i);
                Patient patient = people.get((booked + (today ? 0 : 17)) % people.size());
                VisitType type = types.get(booked % types.size());
                Appointment a = appointments.book(new AppointmentService.Booking(patient.id, doc.id, location.id,
                        type.id, slot.start(), null, null, "sample visit"));
                move(a, today, i);
                booked++;
            }
        }
        return booked;
    }

    private void move(Appointment a, boolean today, int i) {
        List<AppointmentStatus> steps = !today ? List.of() : switch (i) {
            case 0 -> List.of(AppointmentStatus.ARRIVED, AppointmentStatus.CHECKED_IN, AppointmentStatus.FULFILLED);
            case 1 -> List.of(AppointmentStatus.ARRIVED, AppointmentStatus.CHECKED_IN);
            case 2 -> List.of(AppointmentStatus.ARRIVED);
            case 3 -> List.of(AppointmentStatus.CANCELLED);
            default -> List.of();
        };
        for (AppointmentStatus to : steps) {
            appointments.changeStatus(a.id, null, to, to == AppointmentStatus.CANCELLED ? "the patient called to cancel" : null);
        }
        if (!today && i % 2 == 0) {
            appointments.confirm(a.id);
        }
    }

    private List<Patient> samplePatients() {
        PatientQuery query = new PatientQuery(List.of(), null, null, List.of(),
                List.of(new PatientQuery.IdentifierCondition(SAMPLE_ID, null)), null, null, null, null, null);
        return new ArrayList<>(patients.search(query, 0, 100).items());
    }

    /** The public code files of {@code data/}, when this instance may load from there (dev and test). */
    private int loadCodeSets() {
        int loaded = 0;
        for (CodeSetLoader.Request r : List.of(
                new CodeSetLoader.Request("icd10cm-order", "FY2022", null, null, null,
                        "data/icd10cm/icd10cm_order_2022_reconstructed.txt.gz"),
                new CodeSetLoader.Request("icd10cm-addenda", "FY2023", null, null, "FY2022",
                        "data/icd10cm/icd10cm-order-addenda-2023.txt"),
                new CodeSetLoader.Request("hcpcs", "2020", null, null, null,
                        "data/hcpcs/HCPC2020_ANWEB_w_disclaimer.txt.gz"))) {
            try {
                loaded += codeSets.load(r).alreadyLoaded() ? 0 : 1;
            } catch (ProblemException e) {
                LOG.warnf("Sample code set %s %s not loaded: %s", r.format(), r.version(), e.problem().detail());
            }
        }
        return loaded;
    }

    private Sample read() {
        try (InputStream in = SamplePractice.class.getResourceAsStream("/sample/practice.json")) {
            return json.readValue(in, Sample.class);
        } catch (IOException e) {
            throw new UncheckedIOException("sample/practice.json could not be read", e);
        }
    }
}
