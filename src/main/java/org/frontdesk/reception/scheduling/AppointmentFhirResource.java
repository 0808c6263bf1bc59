package org.frontdesk.reception.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirReferences;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Appointment on the FHIR face: read, vread and history, search, create (booked, pending or
 * proposed; by participants and start, or by Slot), update and JSON Patch (status changes through
 * {@link AppointmentStatusPolicy}, a new time or practitioner moves the visit in place; If-Match
 * required), and the scheduling operations: {@code $find} (free slots as proposed Appointments),
 * {@code $hold} and {@code $book}. Every booking carries the same no-double-booking guarantee.
 */
@ApplicationScoped
class AppointmentFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Appointment")
            .interactions(Interaction.READ, Interaction.VREAD, Interaction.HISTORY_INSTANCE, Interaction.HISTORY_TYPE,
                    Interaction.CREATE, Interaction.UPDATE, Interaction.PATCH, Interaction.SEARCH)
            .common("_lastUpdated", "date")
            .param("date", "date", "Start: eq/ge/gt/le/lt")
            .param("status", "token", "FHIR appointment status")
            .param("actor", "reference", "Patient/, Practitioner/ or Location/<id>")
            .param("patient", "reference", "Patient/<id>")
            .param("practitioner", "reference", "Practitioner/<id>")
            .param("location", "reference", "Location/<id>")
            .include("Appointment:patient", "Appointment:practitioner", "Appointment:location", "Appointment:slot")
            .revInclude("Encounter:appointment")
            .operation("find", "http://hl7.org/fhir/uv/scheduling/OperationDefinition/appointment-find", 's',
                    AuditAction.SEARCH, false, true)
            .operation("hold", "http://hl7.org/fhir/uv/scheduling/OperationDefinition/appointment-hold", 'c',
                    AuditAction.CREATE, true, false)
            .operation("book", "http://hl7.org/fhir/uv/scheduling/OperationDefinition/appointment-book", 'c',
                    AuditAction.CREATE, true, false)
            .build();

    @Inject AppointmentService appointments;
    @Inject SchedulingSetupService setup;
    @Inject Availability availability;
    @Inject SchedulingFhirMapper mapper;
    @Inject PatientService patients;
    @Inject Clock clock;

    @Override
    public Map<String, String> elements() {
        return Map.of("/reason", "Appointment.cancelationReason", "/practitionerId", "Appointment.participant",
                "/locationId", "Appointment.participant", "/patientId", "Appointment.participant",
                "/visitTypeId", "Appointment.appointmentType", "/holdToken", "Appointment.identifier",
                "/start", "Appointment.start");
    }

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(appointments.get(FhirSearch.id(id, "Appointment")), false);
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        FhirSearch.InstantRange date = FhirSearch.instants("date", q.all("date"));
        String status = q.first("status");
        if (status != null) {
            try {
                AppointmentStatus.fromCode(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status", "status must be a FHIR appointment status code.");
            }
        }
        UUID patient = q.reference("patient", "Patient");
        UUID practitioner = q.reference("practitioner", "Practitioner");
        UUID location = q.reference("location", "Location");
        String actor = q.first("actor");
        if (actor != null) {
            String type = actor.contains("/") ? actor.substring(0, actor.indexOf('/')) : "";
            UUID id = FhirSearch.referenced(actor, type);
            switch (type) {
                case "Patient" -> patient = both(patient, id);
                case "Practitioner" -> practitioner = both(practitioner, id);
                case "Location" -> location = both(location, id);
                default -> throw ProblemException.badRequest("actor", "actor must be Patient/, Practitioner/ or Location/<id>.");
            }
        }
        return appointments.search(new AppointmentService.Search(date == null ? null : date.from(),
                        date == null ? null : date.to(), status == null ? null : AppointmentStatus.fromCode(status),
                        patient, practitioner, location), q.criteria(), q.offset(), q.count())
                .map(a -> record(a, false));
    }

    // ------------------------------------------------------------------ create, update

    @Override
    public FhirRecord create(Resource body) {
        var f = (org.hl7.fhir.r4.model.Appointment) body;
        Requested r = requested(f, !"pending".equals(f.hasStatus() ? f.getStatus().toCode() : null));
        String status = f.hasStatus() ? f.getStatus().toCode() : null;
        Appointment a;
        if (AppointmentStatus.BOOKED.code().equals(status)) {
            a = appointments.book(new AppointmentService.Booking(r.patient(), r.practitioner(), r.location(),
                    r.type().id, r.start(), r.holdToken(), null, r.comment()));
        } else if (AppointmentStatus.PENDING.code().equals(status)) {
            a = appointments.hold(r.patient(), r.practitioner(), r.location(), r.type().id, r.start());
        } else if (AppointmentStatus.PROPOSED.code().equals(status)) {
            a = appointments.propose(new AppointmentService.Booking(r.patient(), r.practitioner(), r.location(),
                    r.type().id, r.start(), null, null, r.comment()));
        } else {
            throw ProblemException.badRequest("An appointment is created booked, pending or proposed; "
                    + "other statuses are reached by updating it.", List.of(new FieldError("Appointment.status",
                    "must be booked, pending or proposed")));
        }
        return record(a, AppointmentStatus.PENDING.code().equals(status));
    }

    /**
     * An update: the status may change as the policy allows, and the time or practitioner may
     * change (the visit moves). Patient, location and visit type stay: cancel and book anew.
     */
    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.preconditionRequired();
        }
        UUID uuid = FhirSearch.id(id, "Appointment");
        Appointment a = appointments.get(uuid);
        ETags.check(ifMatch, a.version, true);
        var f = (org.hl7.fhir.r4.model.Appointment) body;
        AppointmentStatus from = a.status();
        AppointmentStatus to = f.getStatus() == null || f.getStatus() == org.hl7.fhir.r4.model.Appointment.AppointmentStatus.NULL
                ? null : AppointmentStatus.fromCode(f.getStatus().toCode());
        if (to == null) {
            throw ProblemException.badRequest("An appointment has a status.",
                    List.of(new FieldError("Appointment.status", "is required")));
        }
        Participants p = participants(f);
        VisitType type = setup.visitType(a.visitTypeId);
        List<FieldError> fixed = new ArrayList<>();
        if (!Objects.equals(p.patient(), a.patientId == null ? null : "Patient/" + a.patientId)
                && !(from == AppointmentStatus.PENDING && a.patientId == null && to == AppointmentStatus.BOOKED)) {
            fixed.add(new FieldError("Appointment.participant", "the patient can't change"));
        }
        if (!Objects.equals(p.location(), "Location/" + a.locationId)) {
            fixed.add(new FieldError("Appointment.participant", "the location can't change"));
        }
        if (!Objects.equals(visitTypeCode(f), type.code)) {
            fixed.add(new FieldError("Appointment.appointmentType", "the visit type can't change"));
        }
        if (!Objects.equals(f.getComment(), a.comment)) {
            fixed.add(new FieldError("Appointment.comment", "the comment can't change here"));
        }
        if (!fixed.isEmpty()) {
            throw ProblemException.badRequest("Only an appointment's status, time and practitioner change by update; "
                    + "cancel it and book anew for another patient, location or visit type.", fixed);
        }
        Instant start = f.hasStart() ? f.getStart().toInstant() : null;
        UUID practitioner = FhirReferences.localId(p.practitioner(), "Practitioner");
        if (start == null || practitioner == null) {
            throw ProblemException.badRequest("An appointment has a start and a Practitioner participant.",
                    List.of(new FieldError(start == null ? "Appointment.start" : "Appointment.participant", "is required")));
        }
        checkEnd(f, start, type);
        boolean moves = !start.equals(a.startsAt) || !practitioner.equals(a.practitionerId);
        if (moves) {
            setup.findPractitioner(practitioner).orElseThrow(() -> ProblemException.badRequest(
                    "The practitioner participant is not on this server.",
                    List.of(new FieldError("Appointment.participant", "refers to nothing: " + p.practitioner()))));
            a = appointments.move(uuid, ifMatch, start, practitioner);
        }
        if (to != from) {
            if (from == AppointmentStatus.PENDING && to == AppointmentStatus.BOOKED) {
                String token = f.getIdentifier().stream().filter(i -> SchedulingFhirMapper.HOLD_TOKEN.equals(i.getSystem()))
                        .map(i -> i.getValue()).findFirst().orElse(null);
                if (a.holdToken == null || !a.holdToken.equals(token)) {
                    throw ProblemException.badRequest("Booking a held time takes the hold's token, as the hold's "
                            + "creation answered it.", List.of(new FieldError("Appointment.identifier",
                            "the hold token (" + SchedulingFhirMapper.HOLD_TOKEN + ") is required")));
                }
                UUID patient = FhirReferences.required(p.patient(), "Patient", "Appointment.participant",
                        patients::find).id;
                a = appointments.book(new AppointmentService.Booking(patient, a.practitionerId, a.locationId,
                        a.visitTypeId, a.startsAt, a.holdToken, null, a.comment));
            } else {
                a = appointments.changeStatus(uuid, moves ? null : ifMatch, to, reason(f, to));
            }
        }
        return record(a, false);
    }

    /** Why: the cancelation reason's text (or its first coding); a no-show needs none from an EHR. */
    private static String reason(org.hl7.fhir.r4.model.Appointment f, AppointmentStatus to) {
        var reason = f.getCancelationReason();
        String text = reason.hasText() ? reason.getText() : reason.hasCoding()
                ? (reason.getCodingFirstRep().hasDisplay() ? reason.getCodingFirstRep().getDisplay()
                : reason.getCodingFirstRep().getCode()) : null;
        if (text == null && to == AppointmentStatus.NOSHOW) {
            return "no-show reported by the EHR";
        }
        if (text == null && to == AppointmentStatus.CANCELLED) {
            throw ProblemException.badRequest("A cancellation needs a cancelationReason.",
                    List.of(new FieldError("Appointment.cancelationReason", "is required to cancel")));
        }
        return text;
    }

    // ------------------------------------------------------------------ operations

    @Override
    public Response operation(ResourceCapability.Operation op, String id, Resource body,
                              MultivaluedMap<String, String> query, String base) {
        return switch (op.name()) {
            case "find" -> find(query, base);
            case "hold" -> {
                Requested r = requested(appointmentParameter(body), false);
                Appointment h = appointments.hold(r.practitioner(), r.location(), r.type().id, r.start());
                yield created(h, r.type());
            }
            case "book" -> {
                Requested r = requested(appointmentParameter(body), true);
                Appointment a = appointments.book(new AppointmentService.Booking(r.patient(), r.practitioner(),
                        r.location(), r.type().id, r.start(), r.holdToken(), null, r.comment()));
                yield created(a, r.type());
            }
            default -> throw new IllegalStateException(op.name());
        };
    }

    private Response created(Appointment a, VisitType type) {
        var fhir = mapper.toFhir(a, type);
        fhir.getMeta().setVersionId(Long.toString(a.version));
        return Response.status(201).entity(fhir).header(HttpHeaders.ETAG, ETags.of(a.version)).build();
    }

    /**
     * {@code Appointment/$find}: free times as proposed Appointments, earliest first.
     * Parameters: {@code start}, {@code end} (dates), {@code location}, {@code visit-type} (our code),
     * optional {@code practitioner}, {@code _count}.
     */
    private Response find(MultivaluedMap<String, String> params, String base) {
        FhirSearch.rejectUnknown(params, java.util.Set.of("start", "end", "location", "practitioner", "visit-type"));
        LocalDate from = FhirSearch.date("start", required(params, "start")).from();
        LocalDate to = FhirSearch.date("end", required(params, "end")).to();
        Location location = setup.findLocation(FhirSearch.referenced(required(params, "location"), "Location"))
                .orElseThrow(() -> ProblemException.badRequest("location", "No location " + params.getFirst("location") + "."));
        String code = required(params, "visit-type");
        VisitType type = setup.visitTypeByCode(code)
                .orElseThrow(() -> ProblemException.badRequest("visit-type", "No visit type with code " + code + "."));
        String practitioner = params.getFirst("practitioner");
        UUID practitionerId = practitioner == null ? null : FhirSearch.referenced(practitioner, "Practitioner");
        int count = FhirSearch.count(params.getFirst("_count"), 20, 100);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (Availability.Slot s : availability.freeSlots(location, type, practitionerId, from, to, clock.instant(), count)) {
            Appointment a = new Appointment();
            a.status = AppointmentStatus.PROPOSED.code();
            a.practitionerId = s.practitionerId();
            a.locationId = s.locationId();
            a.visitTypeId = s.visitTypeId();
            a.startsAt = s.start();
            a.endsAt = s.end();
            // a proposal is no record of ours yet: its id only names it within this answer
            String temporary = UUID.randomUUID().toString();
            bundle.addEntry().setFullUrl("urn:uuid:" + temporary).setResource(mapper.toFhir(a, type).setId(temporary))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        bundle.setTotal(bundle.getEntry().size());
        return Response.ok(bundle).build();
    }

    private static org.hl7.fhir.r4.model.Appointment appointmentParameter(Resource body) {
        var param = body instanceof Parameters p ? p.getParameter("appointment") : null;
        if (param == null || !(param.getResource() instanceof org.hl7.fhir.r4.model.Appointment fhir)) {
            throw ProblemException.badRequest("The operation needs an 'appointment' parameter holding an Appointment.",
                    List.of(new FieldError("Parameters.parameter.where(name='appointment')", "an Appointment is required")));
        }
        return fhir;
    }

    // ------------------------------------------------------------------ what an Appointment asks

    /** The participants' references, by type. */
    private record Participants(String patient, String practitioner, String location) {
    }

    private static Participants participants(org.hl7.fhir.r4.model.Appointment f) {
        String patient = null;
        String practitioner = null;
        String location = null;
        for (var p : f.getParticipant()) {
            String ref = p.getActor().getReference();
            if (ref == null) {
                continue;
            }
            if (ref.startsWith("Patient/")) {
                patient = ref;
            } else if (ref.startsWith("Practitioner/")) {
                practitioner = ref;
            } else if (ref.startsWith("Location/")) {
                location = ref;
            }
        }
        return new Participants(patient, practitioner, location);
    }

    /** What an Appointment asks for: who, where, what and when. */
    private record Requested(UUID patient, UUID practitioner, UUID location, VisitType type, Instant start,
                             String holdToken, String comment) {
    }

    /**
     * Reads who, where, what and when from an Appointment: participants and start, or a Slot
     * (which names the practitioner, location and start). Every reference must name a record
     * of ours; each gap is named.
     */
    private Requested requested(org.hl7.fhir.r4.model.Appointment f, boolean needsPatient) {
        Participants p = participants(f);
        String practitionerRef = p.practitioner();
        String locationRef = p.location();
        Instant start = f.hasStart() ? f.getStart().toInstant() : null;
        if (f.hasSlot()) {
            String slotRef = f.getSlotFirstRep().getReference();
            String[] parts = slotRef == null || !slotRef.startsWith("Slot/") ? new String[0] : slotRef.substring(5).split("\\.");
            Schedule schedule = parts.length != 3 ? null : setup.findSchedule(FhirSearch.uuidOrNone(parts[0])).orElse(null);
            if (schedule == null) {
                throw ProblemException.badRequest("The slot is not one of this server's.",
                        List.of(new FieldError("Appointment.slot[0]", "refers to nothing: " + slotRef)));
            }
            practitionerRef = practitionerRef != null ? practitionerRef : "Practitioner/" + schedule.practitionerId;
            locationRef = locationRef != null ? locationRef : "Location/" + schedule.locationId;
            try {
                start = start != null ? start : Instant.ofEpochSecond(Long.parseLong(parts[1]));
            } catch (RuntimeException e) { // not a number, or no instant
                throw ProblemException.badRequest("The slot is not one of this server's.",
                        List.of(new FieldError("Appointment.slot[0]", "refers to nothing: " + slotRef)));
            }
        }
        List<FieldError> errors = new ArrayList<>();
        if (start == null) {
            errors.add(new FieldError("Appointment.start", "the start (or a slot) is required"));
        }
        String code = visitTypeCode(f);
        VisitType type = code == null ? null : setup.visitTypeByCode(code).orElse(null);
        if (type == null) {
            errors.add(new FieldError("Appointment.appointmentType",
                    "a coding of " + SchedulingFhirMapper.VISIT_TYPE + " naming a known visit type is required"));
        }
        if (needsPatient && p.patient() == null) {
            errors.add(new FieldError("Appointment.participant", "a Patient participant is required"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.get(0).detail(), errors);
        }
        if (practitionerRef == null || locationRef == null) {
            throw ProblemException.badRequest("An appointment needs a Practitioner and a Location participant (or a slot).",
                    List.of(new FieldError("Appointment.participant", "a " + (practitionerRef == null ? "Practitioner"
                            : "Location") + " participant is required")));
        }
        UUID practitioner = FhirReferences.required(practitionerRef, "Practitioner", "Appointment.participant",
                setup::findPractitioner).id;
        UUID location = FhirReferences.required(locationRef, "Location", "Appointment.participant", setup::findLocation).id;
        UUID patient = p.patient() == null ? null
                : FhirReferences.required(p.patient(), "Patient", "Appointment.participant", patients::find).id;
        checkEnd(f, start, type);
        String token = f.getIdentifier().stream().filter(i -> SchedulingFhirMapper.HOLD_TOKEN.equals(i.getSystem()))
                .map(i -> i.getValue()).findFirst().orElse(null);
        return new Requested(patient, practitioner, location, type, start, token, f.getComment());
    }

    private static void checkEnd(org.hl7.fhir.r4.model.Appointment f, Instant start, VisitType type) {
        if (f.hasEnd() && !f.getEnd().toInstant().equals(start.plusSeconds(60L * type.durationMinutes))) {
            throw ProblemException.badRequest("A " + type.code + " visit lasts " + type.durationMinutes
                    + " minutes: the end must be the start plus that, or absent.",
                    List.of(new FieldError("Appointment.end", "must be start + " + type.durationMinutes + " minutes")));
        }
    }

    private static String visitTypeCode(org.hl7.fhir.r4.model.Appointment f) {
        return f.getAppointmentType().getCoding().stream()
                .filter(c -> SchedulingFhirMapper.VISIT_TYPE.equals(c.getSystem())).map(c -> c.getCode())
                .findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ rendering

    @Override
    public Map<String, Include> includes() {
        return Map.of(
                "patient", new Include("Patient", r -> actors(r, "Patient/")),
                "practitioner", new Include("Practitioner", r -> actors(r, "Practitioner/")),
                "location", new Include("Location", r -> actors(r, "Location/")),
                "slot", new Include("Slot", r -> ((org.hl7.fhir.r4.model.Appointment) r).getSlot().stream()
                        .map(Reference::getReference).toList()));
    }

    private static List<String> actors(Resource r, String prefix) {
        return ((org.hl7.fhir.r4.model.Appointment) r).getParticipant().stream().map(p -> p.getActor().getReference())
                .filter(ref -> ref != null && ref.startsWith(prefix)).toList();
    }

    /** Versions of visits; a hold for nobody yet is no visit, and its history is not shown. */
    @Override
    public FhirRecord versionOf(Object entity) {
        if (!(entity instanceof Appointment a)) {
            return null;
        }
        return a.status() == AppointmentStatus.PENDING && a.patientId == null ? FhirRecord.NONE : record(a, false);
    }

    @Override
    public UUID patientOf(Resource resource) {
        return actors(resource, "Patient/").stream().map(r -> FhirSearch.uuidOrNull(r.substring(8))).findFirst()
                .orElse(null);
    }

    /** The appointment as FHIR; its hold token only to the one who just made the hold. */
    private FhirRecord record(Appointment a, boolean withHoldToken) {
        var fhir = mapper.toFhir(a, setup.visitType(a.visitTypeId));
        if (!withHoldToken) {
            fhir.getIdentifier().removeIf(i -> SchedulingFhirMapper.HOLD_TOKEN.equals(i.getSystem()));
        }
        if (AppointmentStatusPolicy.occupiesTime(a.status())) {
            setup.schedules(a.practitionerId, a.locationId).stream().findFirst().ifPresent(s ->
                    fhir.addSlot(new Reference("Slot/" + SchedulingFhirMapper.slotId(s.id, a.startsAt, a.endsAt))));
        }
        return new FhirRecord(fhir, a.version, a.updatedAt, a.patientId);
    }

    /** Two conditions on one reference: the id when they agree, else an id nothing has. */
    private static UUID both(UUID given, UUID actor) {
        return given == null || given.equals(actor) ? actor : new UUID(0, 0);
    }

    private static String required(MultivaluedMap<String, String> params, String name) {
        String v = params.getFirst(name);
        if (v == null || v.isBlank()) {
            throw ProblemException.badRequest(name, "Parameter " + name + " is required.");
        }
        return v;
    }
}
