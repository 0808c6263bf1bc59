package org.frontdesk.reception.scheduling;

import jakarta.inject.Inject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.coverage.EligibilityChecks;
import org.frontdesk.reception.scheduling.SchedulingJson.AppointmentEligibilityRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.AppointmentView;
import org.frontdesk.reception.scheduling.SchedulingJson.BookingRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.DayEntry;
import org.frontdesk.reception.scheduling.SchedulingJson.HoldRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.ReasonRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.RescheduleRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.SlotView;
import org.frontdesk.reception.scheduling.SchedulingJson.WaitlistRequest;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.ExceptionMappers;
import org.frontdesk.reception.shared.Idempotent;
import org.frontdesk.reception.shared.Answers;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1}: the desk's scheduling day: free slots, holds, booking, moving and the status
 * of appointments, and the day list of a location.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Appointments", description = "Find a time, hold it, book, move, check in and out")
@RolesAllowed(Roles.FRONT_DESK)
public class AppointmentResource {

    @Inject AppointmentService appointments;
    @Inject Waitlist waitlist;
    @Inject SchedulingSetupService setup;
    @Inject Availability availability;
    @Inject DayList dayList;
    @Inject SchedulingMapper mapper;
    @Inject Clock clock;
    @Inject EligibilityChecks eligibilityChecks;

    @GET
    @Path("/slots")
    @Operation(summary = "Find free slots", description = "Earliest first, for a visit type at a location between two "
            + "days (the location's calendar), with one practitioner or anyone who has hours there.")
    public List<SlotView> slots(@NotNull @QueryParam("locationId") UUID locationId,
                                @NotNull @QueryParam("visitTypeId") UUID visitTypeId,
                                @QueryParam("practitionerId") UUID practitionerId,
                                @NotNull @QueryParam("from") LocalDate from,
                                @NotNull @QueryParam("to") LocalDate to,
                                @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        Location location = setup.location(locationId);
        VisitType type = setup.visitType(visitTypeId);
        ZoneId zone = location.zone();
        return availability.freeSlots(location, type, practitionerId, from, to, clock.instant(), limit).stream()
                .map(s -> new SlotView(s.practitionerId(), s.locationId(), s.visitTypeId(), s.start(), s.end(),
                        s.start().atZone(zone).toLocalDateTime(), location.timeZone))
                .toList();
    }

    @POST
    @Path("/holds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Operation(summary = "Hold a slot", description = "Idempotency-Key required. Keeps the slot for the configured time (default 5 minutes); "
            + "book it with the returned holdToken. An expired hold frees the slot by itself.")
    public Response hold(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid HoldRequest request) {
        Appointment h = appointments.hold(request.practitionerId(), request.locationId(), request.visitTypeId(),
                request.start());
        return Answers.created("/api/v1/appointments/" + h.id, h.version, mapper.toHold(h));
    }

    @POST
    @Path("/appointments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Appointment", action = AuditAction.CREATE)
    @Operation(summary = "Book an appointment", description = "Idempotency-Key required. 409 when the time is no longer free (another booking "
            + "or hold overlaps, buffers included); 422 when it is outside the practitioner's hours.")
    public Response book(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid BookingRequest request) {
        return created(appointments.book(new AppointmentService.Booking(request.patientId(), request.practitionerId(),
                request.locationId(), request.visitTypeId(), request.start(), request.holdToken(),
                request.overbookReason(), request.comment())));
    }

    @POST
    @Path("/waitlist")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Appointment", action = AuditAction.CREATE)
    @Operation(summary = "Put a patient on the waitlist", description = "Idempotency-Key required. When a booked time with this practitioner, "
            + "location and visit type inside the window is cancelled, it is held for the first entry (oldest "
            + "first); the hold shows in the patient's appointments with its holdToken.")
    public Response waitlist(@NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid WaitlistRequest request) {
        return created(waitlist.add(request.patientId(), request.practitionerId(), request.locationId(),
                request.visitTypeId(), request.earliest(), request.latest(), request.comment()));
    }

    @GET
    @Path("/appointments/{id}")
    @Audited(resource = "Appointment", action = AuditAction.READ)
    @Operation(summary = "Read an appointment with its status history")
    public Response get(@PathParam("id") UUID id) {
        Appointment a = appointments.get(id);
        return Answers.ok(view(a), a.version);
    }

    @GET
    @Path("/appointments")
    @Audited(resource = "Appointment", action = AuditAction.SEARCH)
    @Operation(summary = "A patient's appointments, newest first")
    public List<AppointmentView> forPatient(@NotNull @QueryParam("patientId") UUID patientId) {
        return appointments.forPatient(patientId).stream().map(this::view).toList();
    }

    @POST
    @Path("/appointments/{id}/reschedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent(required = true)
    @Audited(resource = "Appointment", action = AuditAction.UPDATE)
    @Operation(summary = "Move an appointment", description = "Idempotency-Key required. Books the new time and releases the old one in one "
            + "step; if the new time is taken nothing changes. If-Match required.")
    public Response reschedule(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                               @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid RescheduleRequest request) {
        return created(appointments.reschedule(id, ifMatch, request.start(), request.practitionerId()));
    }

    @POST
    @Path("/appointments/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Audited(resource = "Appointment", action = AuditAction.UPDATE)
    @Operation(summary = "Cancel (reason required)")
    public Response cancel(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ReasonRequest request) {
        return status(id, ifMatch, AppointmentStatus.CANCELLED, request.reason());
    }

    @POST
    @Path("/appointments/{id}/arrive")
    @Transactional
    @Idempotent
    @Audited(resource = "Appointment", action = AuditAction.UPDATE)
    @Operation(summary = "The patient is here")
    public Response arrive(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return status(id, ifMatch, AppointmentStatus.ARRIVED, null);
    }

    @POST
    @Path("/appointments/{id}/check-in")
    @Transactional
    @Idempotent
    @Audited(resource = "Appointment", action = AuditAction.UPDATE)
    @Operation(summary = "Check the patient in")
    public Response checkIn(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return status(id, ifMatch, AppointmentStatus.CHECKED_IN, null);
    }

    @POST
    @Path("/appointments/{id}/check-out")
    @Transactional
    @Idempotent
    @Audited(resource = "Appointment", action = AuditAction.UPDATE)
    @Operation(summary = "Check the patient out (the visit is fulfilled)")
    public Response checkOut(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return status(id, ifMatch, AppointmentStatus.FULFILLED, null);
    }

    @POST
    @Path("/appointments/{id}/no-show")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Idempotent
    @Audited(resource = "Appointment", action = AuditAction.UPDATE)
    @Operation(summary = "Mark a no-show (reason required)")
    public Response noShow(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @NotNull(message = ExceptionMappers.BODY_REQUIRED) @Valid ReasonRequest request) {
        return status(id, ifMatch, AppointmentStatus.NOSHOW, request.reason());
    }

    @GET
    @Path("/locations/{id}/day")
    @Audited(resource = "Appointment", action = AuditAction.SEARCH)
    @Operation(summary = "The front-desk day of a location", description = "Every appointment starting that day "
            + "(location time): who is due, who arrived, who is late, and whether each patient's primary coverage "
            + "has a fresh eligibility check (eligibilityStale when none, or older than "
            + "reception.coverage.eligibility-fresh-days before the visit).")
    public List<DayEntry> day(@PathParam("id") UUID locationId, @NotNull @QueryParam("date") LocalDate date) {
        return dayList.of(locationId, date);
    }

    @POST
    @Path("/appointments/{id}/eligibility")
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent(required = true, phased = true)
    @Audited(resource = "Coverage", action = AuditAction.EXECUTE)
    @Operation(summary = "Check eligibility for an appointment", description = "Idempotency-Key required. Asks the insurer about the patient's "
            + "primary coverage in force on the visit day (or the coverageId given), for the visit type's benefit "
            + "category on the visit's date. Answers like POST /coverages/{id}/eligibility.")
    public Response checkEligibility(@PathParam("id") UUID id, @Valid AppointmentEligibilityRequest request) {
        AppointmentService.EligibilityQuestion q = appointments.eligibilityQuestion(id,
                request == null ? null : request.coverageId());
        return eligibilityChecks.check(q.coverageId(), q.benefitCategory(), q.day());
    }

    private Response status(UUID id, String ifMatch, AppointmentStatus to, String reason) {
        Appointment a = appointments.changeStatus(id, ifMatch, to, reason);
        return Answers.ok(view(a), a.version);
    }

    private Response created(Appointment a) {
        return Answers.created("/api/v1/appointments/" + a.id, a.version, view(a));
    }

    private AppointmentView view(Appointment a) {
        return mapper.toView(a, appointments.history(a.id));
    }
}
