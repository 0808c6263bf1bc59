package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.frontdesk.reception.fhir.FhirHistory;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A place where the practice sees patients, with the IANA time zone its clocks show, its address and hours. */
@Entity
@Table(name = "location")
@EntityListeners({FhirHistory.Listener.class, org.frontdesk.reception.shared.ReferenceCache.Listener.class})
public class Location extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String timeZone;
    public String phone;
    public boolean active = true;
    public String addressLine;
    public String city;
    public String state;
    public String postalCode;
    public String country;
    /** An identifier the practice or an EHR gives the place (e.g. a facility NPI). */
    public String identifierSystem;
    public String identifierValue;
    /** When the location is open (FHIR hoursOfOperation); a practitioner's own hours are their availability. */
    @ElementCollection
    @CollectionTable(name = "location_hours", joinColumns = @JoinColumn(name = "location_id"))
    @OrderColumn(name = "position")
    public List<Hours> hours = new ArrayList<>();
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** Opening hours on some days of the week: all day, or from opening to closing time. */
    @Embeddable
    public static class Hours {
        /** FHIR day codes, comma-separated: {@code mon,tue}. */
        public String days;
        public boolean allDay;
        public LocalTime openingTime;
        public LocalTime closingTime;
    }
}
