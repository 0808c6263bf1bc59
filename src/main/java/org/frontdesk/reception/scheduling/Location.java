package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/** A place where the practice sees patients, with the IANA time zone its clocks show. */
@Entity
@Table(name = "location")
public class Location extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String timeZone;
    public String phone;
    public boolean active = true;
    @Version
    public long version;
    public Instant createdAt;

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
