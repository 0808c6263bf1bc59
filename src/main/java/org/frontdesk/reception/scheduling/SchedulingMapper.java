package org.frontdesk.reception.scheduling;

import org.frontdesk.reception.scheduling.SchedulingJson.AppointmentView;
import org.frontdesk.reception.scheduling.SchedulingJson.AvailabilityRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.AvailabilityView;
import org.frontdesk.reception.scheduling.SchedulingJson.ExceptionRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.ExceptionView;
import org.frontdesk.reception.scheduling.SchedulingJson.HoldView;
import org.frontdesk.reception.scheduling.SchedulingJson.LocationRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.LocationView;
import org.frontdesk.reception.scheduling.SchedulingJson.PractitionerRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.PractitionerView;
import org.frontdesk.reception.scheduling.SchedulingJson.StatusChangeView;
import org.frontdesk.reception.scheduling.SchedulingJson.VisitTypeRequest;
import org.frontdesk.reception.scheduling.SchedulingJson.VisitTypeView;
import org.frontdesk.reception.shared.CodeMapping;
import org.frontdesk.reception.shared.MappingConfig;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

import java.util.List;

/** Maps the scheduling entities to and from the {@code /api} JSON. */
@Mapper(config = MappingConfig.class, uses = CodeMapping.class)
public interface SchedulingMapper {

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "active", ignore = true)
    @Mapping(target = "version", ignore = true)
    @Mapping(target = "createdAt", ignore = true)
    @Mapping(target = "updatedAt", ignore = true)
    @Mapping(target = "addressLine", ignore = true)
    @Mapping(target = "city", ignore = true)
    @Mapping(target = "state", ignore = true)
    @Mapping(target = "postalCode", ignore = true)
    @Mapping(target = "country", ignore = true)
    @Mapping(target = "identifierSystem", ignore = true)
    @Mapping(target = "identifierValue", ignore = true)
    @Mapping(target = "hours", ignore = true)
    Location toEntity(LocationRequest request);

    LocationView toView(Location location);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "active", ignore = true)
    @Mapping(target = "version", ignore = true)
    @Mapping(target = "createdAt", ignore = true)
    @Mapping(target = "updatedAt", ignore = true)
    Practitioner toEntity(PractitionerRequest request);

    PractitionerView toView(Practitioner practitioner);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "active", ignore = true)
    @Mapping(target = "version", ignore = true)
    @Mapping(target = "benefitCategory", defaultValue = "98")
    VisitType toEntity(VisitTypeRequest request);

    VisitTypeView toView(VisitType type);

    @Mapping(target = "id", ignore = true)
    @Mapping(target = "practitionerId", ignore = true)
    @Mapping(target = "version", ignore = true)
    AvailabilityTemplate toEntity(AvailabilityRequest request);

    AvailabilityView toView(AvailabilityTemplate template);

    @Mapping(target = "id", ignore = true)
    AvailabilityException toEntity(ExceptionRequest request);

    ExceptionView toView(AvailabilityException exception);

    @Mapping(target = "appointmentId", source = "id")
    @Mapping(target = "expiresAt", source = "holdExpiresAt")
    @Mapping(target = "start", source = "startsAt")
    @Mapping(target = "end", source = "endsAt")
    HoldView toHold(Appointment hold);

    @Mapping(target = "start", source = "appointment.startsAt")
    @Mapping(target = "end", source = "appointment.endsAt")
    @Mapping(target = "history", source = "history")
    AppointmentView toView(Appointment appointment, List<AppointmentStatusChange> history);

    @Mapping(target = "from", source = "fromStatus")
    @Mapping(target = "to", source = "toStatus")
    StatusChangeView toView(AppointmentStatusChange change);
}
