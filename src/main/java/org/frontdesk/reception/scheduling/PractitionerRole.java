package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A practitioner at a location with a specialty (FHIR PractitionerRole). */
@Entity
@Table(name = "practitioner_role")
public class PractitionerRole extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID practitionerId;
    public UUID locationId;
    public String specialtySystem;
    public String specialtyCode;
    public String specialtyDisplay;
    public boolean active = true;
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;
}
