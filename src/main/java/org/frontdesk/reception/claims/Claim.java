package org.frontdesk.reception.claims;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A professional claim for one visit; its diagnoses and lines are kept in their own tables. */
@Entity
@Table(name = "claim")
public class Claim extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID appointmentId;
    public UUID patientId;
    public UUID coverageId;
    public UUID payerId;
    public UUID renderingPractitionerId;
    public String billingNpi;
    public String billingTaxonomy;
    public String placeOfService;
    public LocalDate dateOfService;
    public String status;
    public String frequency = "1";
    public UUID originalClaimId;
    public String payerClaimNumber;
    public int submission;
    public BigDecimal totalCharge = BigDecimal.ZERO;
    public BigDecimal paidAmount;
    public BigDecimal patientResponsibility;
    public String statusReason;
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;
    public String createdBy;
    public String updatedBy;
}
