package org.frontdesk.reception.coverage;

import org.frontdesk.reception.shared.Tracked;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A patient's insurance with one payer, in its order (1 primary, 2 secondary, 3 tertiary). The
 * database refuses two active coverages of a patient in the same order.
 */
@Entity
@jakarta.persistence.EntityListeners(org.frontdesk.reception.fhir.FhirHistory.Listener.class)
@Table(name = "coverage")
public class Coverage extends Tracked {

    public UUID patientId;
    public UUID payerId;
    public String planName;
    public String groupNumber;
    public String memberId;
    public int priority;
    /** active, cancelled, draft or entered-in-error (FHIR Coverage status). */
    public String status;
    /** The patient's relationship to the subscriber: self, spouse, child or other. */
    public String relationship;
    public String subscriberFamily;
    public String subscriberGiven;
    public LocalDate subscriberBirthDate;
    public String subscriberMemberId;
    public LocalDate periodStart;
    public LocalDate periodEnd;
    public BigDecimal copay;
    /** A reference to a card image kept in another system (before images were kept here); still shown. */
    public String cardFrontRef;
    public String cardBackRef;
    /** The card images kept here: documents of the patient, attached to this coverage. */
    public UUID cardFrontDocumentId;
    public UUID cardBackDocumentId;
}
