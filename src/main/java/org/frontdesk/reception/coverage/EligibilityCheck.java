package org.frontdesk.reception.coverage;

import org.frontdesk.reception.shared.LeasedRow;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One eligibility question put to an insurer and its answer, verbatim and normalized. Written
 * as {@code pending} before the insurer is called; {@code complete} with a result of active,
 * inactive or unknown (with the reason) once it answered, failed or could not be reached.
 */
@Entity
@Table(name = "eligibility_check")
public class EligibilityCheck extends LeasedRow {

    public UUID coverageId;
    public String benefitCategory;
    public LocalDate serviceDate;
    public String result;
    public String reason;
    public LocalDate planStart;
    public LocalDate planEnd;
    public BigDecimal copay;
    public BigDecimal deductible;
    public BigDecimal deductibleRemaining;
    /** The patient's share after the deductible, in percent (20.00 is 20 %). */
    public BigDecimal coinsurance;
    /** The payer's own errors, verbatim, one per line. */
    public String payerErrors;
    /** The request as sent: FHIR JSON, or the X12 270 for a payer reached through a clearinghouse. */
    public String requestJson;
    /** The answer as received: FHIR JSON, or the X12 271. */
    public String responseJson;
    public Integer httpStatus;
    public Instant requestedAt;
    public Instant completedAt;
    public String requestedBy;
    /** Who asked: {@code desk} (the desk, an EHR, the FHIR $submit) or {@code day-before} (the job, once per coverage and day). */
    public String origin = DESK;

    public static final String DESK = "desk";
    public static final String DAY_BEFORE = "day-before";
}
