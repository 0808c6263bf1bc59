package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/**
 * Weekly hours of a practitioner at a location, in the location's wall-clock time. An end at or
 * before the start means the window runs past midnight into the next day.
 */
@Entity
@jakarta.persistence.EntityListeners(org.frontdesk.reception.shared.ReferenceCache.Listener.class)
@Table(name = "availability_template")
public class AvailabilityTemplate extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID practitionerId;
    public UUID locationId;
    /** ISO day of week, 1 = Monday. */
    public int dayOfWeek;
    public LocalTime startTime;
    public LocalTime endTime;
    public LocalDate validFrom;
    public LocalDate validTo;
    @Version
    public long version;

    public boolean overnight() {
        return !endTime.isAfter(startTime);
    }
}
