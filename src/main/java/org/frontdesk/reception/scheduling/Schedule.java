package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/**
 * A practitioner's schedule at a location: created with their first weekly hours there, or
 * published by an EHR (FHIR Schedule). It gives the pair a stable identity, whether it is active
 * and its planning horizon; its slots are computed by {@link Availability}.
 */
@Entity
@Table(name = "schedule")
public class Schedule extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID practitionerId;
    public UUID locationId;
    public boolean active = true;
    /** The period the schedule is planned for; open ends mean "from now" and "as far as bookings go". */
    public Instant horizonStart;
    public Instant horizonEnd;
    public String comment;
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;
}
