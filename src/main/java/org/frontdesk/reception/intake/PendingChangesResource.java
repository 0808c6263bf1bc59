package org.frontdesk.reception.intake;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.security.AuditAction;
import org.frontdesk.reception.security.AuditSubjects;
import org.frontdesk.reception.security.Audited;
import org.frontdesk.reception.security.Roles;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/proposed-changes}: the changes waiting for the desk from the forms of a day's visits. */
@Path("/api/v1/proposed-changes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.FRONT_DESK)
@Tag(name = "Intake forms", description = "Forms sent before a visit, the patients' answers, and the changes they propose")
public class PendingChangesResource {

    @Inject ProposedChanges changes;
    @Inject IntakeViews views;
    @Inject AppointmentService appointments;
    @Inject AuditSubjects touched;

    @GET
    @Audited(resource = "Patient", action = AuditAction.SEARCH)
    @Operation(summary = "Changes waiting for the desk, for a day's visits at a location",
            description = "The pending changes proposed by the forms answered for the visits of that day (location time).")
    public List<ProposedChangeResource.ChangeView> pending(@NotNull @QueryParam("locationId") UUID locationId,
                                                           @NotNull @QueryParam("date") LocalDate date) {
        List<UUID> visits = appointments.day(locationId, date).stream().map((Appointment a) -> a.id).toList();
        List<ProposedChangeResource.ChangeView> found = changes.pendingForVisits(visits).stream().map(views::view).toList();
        found.forEach(c -> touched.add(c.patientId()));
        return found;
    }
}
