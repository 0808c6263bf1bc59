package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/**
 * A visit as it happens (FHIR Encounter): opened when the patient of an appointment arrives or
 * checks in, in progress from check-in, finished when the visit is fulfilled. Kept by
 * {@link Encounters} from the appointment's status changes, never written directly.
 */
@Entity
@Table(name = "encounter")
public class Encounter extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID appointmentId;
    public UUID patientId;
    public UUID practitionerId;
    public UUID locationId;
    /** FHIR encounter status: arrived, in-progress, finished, cancelled, entered-in-error. */
    public String status;
    public Instant periodStart;
    public Instant periodEnd;
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;
}
