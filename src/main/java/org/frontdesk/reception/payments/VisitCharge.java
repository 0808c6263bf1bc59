package org.frontdesk.reception.payments;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What the patient owes for one visit, fixed when they arrive. */
@Entity
@Table(name = "visit_charge")
public class VisitCharge extends PanacheEntityBase {

    @Id
    public UUID appointmentId;
    public UUID patientId;
    /** copay, self-pay or none (covered, no copay known). */
    public String kind;
    public BigDecimal amount;
    public String currency;
    /** Where the amount came from, for the desk and for audits. */
    public String source;
    public Instant postedAt;
    public Instant cancelledAt;
    public String cancelReason;
}
