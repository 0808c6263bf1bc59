package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A practitioner's schedule at a location, created with their first weekly hours there. It only
 * gives the pair a stable identity (FHIR Schedule); its slots are computed by {@link Availability}.
 */
@Entity
@Table(name = "schedule")
public class Schedule extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID practitionerId;
    public UUID locationId;
    public Instant createdAt;
}
