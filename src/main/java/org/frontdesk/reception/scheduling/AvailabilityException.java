package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Time nobody can be booked: a practitioner's blocked time, or a whole location's holiday (no practitioner). */
@Entity
@Table(name = "availability_exception")
public class AvailabilityException extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID practitionerId;
    public UUID locationId;
    public Instant startsAt;
    public Instant endsAt;
    public String reason;
}
