package org.frontdesk.reception.claims;

import org.frontdesk.reception.shared.Tracked;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.ListIndexBase;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A professional claim for one visit, with its diagnoses (in order, the first principal) and service lines. */
@Entity
@Table(name = "claim")
public class Claim extends Tracked {

    /** The client that sent the claim through FHIR, and the identifier it gave: one claim per pair. */
    public String clientId;
    public String clientIdentifier;

    public UUID appointmentId;
    public UUID patientId;
    public UUID coverageId;
    public UUID payerId;
    public UUID renderingPractitionerId;
    public String billingNpi;
    public String billingTaxonomy;
    public String placeOfService;
    public LocalDate dateOfService;
    public ClaimStatus status;
    /** Claim frequency: 1 original, 7 replacement, 8 void. */
    public String frequency = "1";
    public UUID originalClaimId;
    public String payerClaimNumber;
    /** Incremented at each submission; with the id it makes the idempotency key of that version. */
    public int submission;
    public BigDecimal totalCharge = BigDecimal.ZERO;
    public BigDecimal paidAmount;
    public BigDecimal patientResponsibility;
    public String statusReason;
    /** The patient control number of 837 CLM01 (835 CLP01, 277CA TRN02): given by the database. */
    @org.hibernate.annotations.Generated
    @Column(insertable = false, updatable = false)
    public long controlNumber;
    /** For a secondary (or tertiary) claim: the claim to the coverage before, whose adjudication it carries. */
    public UUID priorClaimId;
    /** When the payer was last asked for this claim's status (276). */
    public Instant statusInquiredAt;

    /** ICD-10-CM codes without the dot, the principal first. */
    @ElementCollection
    @CollectionTable(name = "claim_diagnosis", joinColumns = @JoinColumn(name = "claim_id"))
    @OrderColumn(name = "position")
    @ListIndexBase(1)
    @Column(name = "code")
    public List<String> diagnoses = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "claim_line", joinColumns = @JoinColumn(name = "claim_id"))
    @OrderBy("position")
    public List<ClaimLine> lines = new ArrayList<>();
}
