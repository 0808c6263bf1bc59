package org.frontdesk.reception.payments;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The end of one drawer's day, or a later correction of it. Never changed. */
@Entity
@Table(name = "day_close")
public class DayClose extends PanacheEntityBase {

    @Id
    public UUID id;
    public String kind;
    public UUID correctsId;
    public UUID locationId;
    public LocalDate businessDate;
    public String drawer;
    public BigDecimal expectedCash;
    public BigDecimal expectedCard;
    public BigDecimal expectedCheck;
    public int entries;
    public BigDecimal countedCash;
    /** Counted minus expected cash (computed by the database). */
    @org.hibernate.annotations.Generated
    @jakarta.persistence.Column(insertable = false, updatable = false)
    public BigDecimal difference;
    public String currency;
    public String note;
    public Instant closedAt;
    public String closedBy;
}
