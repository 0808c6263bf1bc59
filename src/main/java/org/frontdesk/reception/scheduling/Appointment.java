package org.frontdesk.reception.scheduling;

import org.frontdesk.reception.shared.Tracked;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A booked, held or requested visit. Its status changes only through
 * {@link AppointmentService}, which asks {@link AppointmentStatusPolicy} and records the change.
 */
@Entity
@jakarta.persistence.EntityListeners(org.frontdesk.reception.fhir.FhirHistory.Listener.class)
@Table(name = "appointment")
public class Appointment extends Tracked {

    public UUID patientId;
    public UUID practitionerId;
    public UUID locationId;
    public UUID visitTypeId;
    /** FHIR appointment status code. */
    public String status;
    public Instant startsAt;
    public Instant endsAt;
    public Instant busyStart;
    public Instant busyEnd;
    public String holdToken;
    public Instant holdExpiresAt;
    public boolean overbooked;
    public String overbookApprovedBy;
    public String overbookReason;
    public String cancellationReason;
    public UUID rescheduledFrom;
    /** The waitlist entry this hold was offered to. */
    public UUID offeredFrom;
    public String comment;
    /** When the patient confirmed they will come (a reply to a reminder). */
    public Instant confirmedAt;

    public AppointmentStatus status() {
        return AppointmentStatus.fromCode(status);
    }
}
