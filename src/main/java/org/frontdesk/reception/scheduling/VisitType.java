package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.util.UUID;

/** A kind of visit: how long it takes, and the time the practitioner needs before and after it. */
@Entity
@jakarta.persistence.EntityListeners(org.frontdesk.reception.shared.ReferenceCache.Listener.class)
@Table(name = "visit_type")
public class VisitType extends PanacheEntityBase {

    @Id
    public UUID id;
    public String code;
    public String name;
    public int durationMinutes;
    public int bufferBeforeMinutes;
    public int bufferAfterMinutes;
    /** What an eligibility check for this visit asks about (X12 service type; 98 = office visit). */
    public String benefitCategory = "98";
    public boolean active = true;
    @Version
    public long version;
}
