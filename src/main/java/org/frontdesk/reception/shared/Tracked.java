package org.frontdesk.reception.shared;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/**
 * A record the desk edits under optimistic locking: its id, its version (the ETag both faces
 * speak), and who created and last changed it, when.
 */
@MappedSuperclass
public abstract class Tracked extends PanacheEntityBase {

    @Id
    public UUID id;
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;
    public String createdBy;
    public String updatedBy;

    /** Stamps a new record: created, and so last changed, by {@code by} at {@code at}. */
    public void created(String by, Instant at) {
        createdAt = at;
        updatedAt = at;
        createdBy = by;
        updatedBy = by;
    }
}
