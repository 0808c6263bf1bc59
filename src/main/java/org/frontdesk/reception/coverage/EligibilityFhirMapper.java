package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.patient.Patient;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.CoverageEligibilityRequest;
import org.hl7.fhir.r4.model.CoverageEligibilityResponse;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

import java.math.BigDecimal;
import org.frontdesk.reception.shared.Amounts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Eligibility as FHIR R4: the CoverageEligibilityRequest we send (the patient, coverage and
 * insurer contained, so the insurer needs nothing of ours to resolve them) and the reading of
 * the insurer's CoverageEligibilityResponse into a result. Reading is deliberately literal: an
 * HTTP 200 is not "active"; only {@code insurance.inforce} says so.
 */
@ApplicationScoped
class EligibilityFhirMapper {

    static final String BENEFIT_CATEGORY = "http://terminology.hl7.org/CodeSystem/ex-benefitcategory";
    static final String BENEFIT_TYPE = "http://terminology.hl7.org/CodeSystem/benefit-type";
    static final String CHECK_ID = "urn:frontdesk:eligibility-check";
    /** The largest answer we read; anything longer is not an eligibility response. */
    static final int MAX_ANSWER_CHARS = 1_000_000;

    @Inject FhirContext fhir;
    @Inject CoverageFhirMapper coverages;

    /** What the insurer's answer says, normalized. */
    public record Reading(String result, String reason, LocalDate planStart, LocalDate planEnd, BigDecimal copay,
                          BigDecimal deductible, BigDecimal deductibleRemaining, BigDecimal coinsurance,
                          List<String> payerErrors) {
    }

    /** The request for one check, as the JSON we send. */
    public String request(EligibilityCheck check, Coverage c, Payer payer, Patient patient, Optional<String> providerNpi,
                          Optional<String> providerName) {
        CoverageEligibilityRequest r = new CoverageEligibilityRequest();
        r.setId(check.id.toString());
        r.addIdentifier(new Identifier().setSystem(CHECK_ID).setValue(check.id.toString()));
        r.setStatus(CoverageEligibilityRequest.EligibilityRequestStatus.ACTIVE);
        r.addPurpose(CoverageEligibilityRequest.EligibilityRequestPurpose.VALIDATION);
        r.addPurpose(CoverageEligibilityRequest.EligibilityRequestPurpose.BENEFITS);
        r.setCreated(Date.from(check.requestedAt));
        r.setServiced(new DateType(check.serviceDate.toString()));

        coverages.containForInsurer(r, patient, c, payer);
        r.setPatient(new Reference("#patient"));
        r.setInsurer(new Reference("#insurer"));
        r.addInsurance().setFocal(true).setCoverage(new Reference("#coverage"));

        if (providerNpi.isPresent()) {
            Organization provider = new Organization();
            provider.setId("provider");
            provider.addIdentifier(new Identifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue(providerNpi.get()));
            provider.setName(providerName.orElse(null));
            r.addContained(provider);
            r.setProvider(new Reference("#provider"));
        }
        r.addItem().setCategory(new CodeableConcept(new Coding(BENEFIT_CATEGORY, check.benefitCategory, null)));
        return fhir.newJsonParser().encodeResourceToString(r);
    }

    /**
     * Reads an insurer's answer. A CoverageEligibilityResponse is read for {@code inforce},
     * plan dates, copay and deductible, and its errors; an OperationOutcome is the insurer's
     * refusal; anything else is malformed.
     *
     * @throws IllegalArgumentException when the body is not a FHIR resource we can read
     */
    public Reading read(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the answer was empty");
        }
        if (body.length() > MAX_ANSWER_CHARS) {
            throw new IllegalArgumentException("the answer was over " + MAX_ANSWER_CHARS + " characters");
        }
        IBaseResource parsed;
        try {
            parsed = lenient().parseResource(body);
        } catch (DataFormatException | ClassCastException e) {
            throw new IllegalArgumentException("the answer is not FHIR JSON: " + e.getMessage());
        }
        if (parsed instanceof OperationOutcome oo) {
            return new Reading("unknown", "the insurer refused the request", null, null, null, null, null, null, issues(oo));
        }
        if (!(parsed instanceof CoverageEligibilityResponse r)) {
            throw new IllegalArgumentException("the answer is a " + parsed.fhirType()
                    + ", not a CoverageEligibilityResponse");
        }
        List<String> errors = new ArrayList<>();
        for (var e : r.getError()) {
            errors.add(text(e.getCode()));
        }
        if (r.getOutcome() == org.hl7.fhir.r4.model.Enumerations.RemittanceOutcome.ERROR) {
            String reason = "the insurer could not process the request"
                    + (r.hasDisposition() ? ": " + r.getDisposition() : "");
            return new Reading("unknown", reason, null, null, null, null, null, null, errors);
        }
        if (r.getOutcome() == org.hl7.fhir.r4.model.Enumerations.RemittanceOutcome.QUEUED) {
            return new Reading("unknown", "the insurer queued the request and has not answered yet",
                    null, null, null, null, null, null, errors);
        }
        var insurance = r.getInsurance().stream().filter(i -> i.hasInforce()).findFirst();
        if (insurance.isEmpty()) {
            String reason = "the insurer's answer does not say whether the coverage is in force"
                    + (r.hasDisposition() ? " (" + r.getDisposition() + ")" : "");
            return new Reading("unknown", reason, null, null, null, null, null, null, errors);
        }
        var in = insurance.get();
        LocalDate start = day(in.getBenefitPeriod().getStartElement());
        LocalDate end = day(in.getBenefitPeriod().getEndElement());
        BigDecimal copay = null;
        BigDecimal deductible = null;
        BigDecimal remaining = null;
        BigDecimal coinsurance = null;
        for (var item : in.getItem()) {
            for (var b : item.getBenefit()) {
                String type = b.getType().getCoding().stream().map(Coding::getCode).findFirst().orElse("");
                if (type.equals("copay") && copay == null && b.hasAllowedMoney()) {
                    copay = money(b.getAllowedMoney());
                }
                if (type.equals("copay-percent") && coinsurance == null && b.hasAllowedUnsignedIntType()) {
                    coinsurance = BigDecimal.valueOf(b.getAllowedUnsignedIntType().getValue()).setScale(2);
                }
                if (type.equals("deductible") && deductible == null && b.hasAllowedMoney()) {
                    deductible = money(b.getAllowedMoney());
                    if (b.hasUsedMoney()) {
                        remaining = deductible.subtract(money(b.getUsedMoney())).max(BigDecimal.ZERO);
                    }
                }
            }
        }
        return new Reading(in.getInforce() ? "active" : "inactive", null, start, end, copay, deductible, remaining,
                coinsurance, errors);
    }

    /**
     * The answer for the FHIR face: the insurer's own response when it sent one, else (it failed
     * or was not reached) an error outcome that says why, never an invented eligibility.
     */
    public CoverageEligibilityResponse response(EligibilityCheck check, Coverage coverage) {
        if (check.responseJson != null) {
            try {
                if (lenient().parseResource(check.responseJson) instanceof CoverageEligibilityResponse r) {
                    return r;
                }
            } catch (DataFormatException | ClassCastException e) {
                // fall through: said as an error below
            }
        }
        CoverageEligibilityResponse r = new CoverageEligibilityResponse();
        r.setId(check.id.toString());
        r.addIdentifier(new Identifier().setSystem(CHECK_ID).setValue(check.id.toString()));
        r.setStatus(CoverageEligibilityResponse.EligibilityResponseStatus.ACTIVE);
        r.addPurpose(CoverageEligibilityResponse.EligibilityResponsePurpose.VALIDATION);
        r.setPatient(new Reference("Patient/" + coverage.patientId));
        r.setCreated(Date.from(check.completedAt == null ? check.requestedAt : check.completedAt));
        r.setRequest(new Reference().setIdentifier(new Identifier().setSystem(CHECK_ID).setValue(check.id.toString())));
        r.setInsurer(new Reference("Organization/" + coverage.payerId));
        if ("active".equals(check.result) || "inactive".equals(check.result)) {
            // answered through a clearinghouse (a 271): the normalized answer as FHIR
            r.setOutcome(org.hl7.fhir.r4.model.Enumerations.RemittanceOutcome.COMPLETE);
            r.setDisposition("Answered by the payer through its clearinghouse (X12 271).");
            var in = r.addInsurance().setCoverage(new Reference("Coverage/" + coverage.id))
                    .setInforce("active".equals(check.result));
            if (check.planStart != null || check.planEnd != null) {
                var period = new org.hl7.fhir.r4.model.Period();
                if (check.planStart != null) {
                    period.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(check.planStart.toString()));
                }
                if (check.planEnd != null) {
                    period.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(check.planEnd.toString()));
                }
                in.setBenefitPeriod(period);
            }
            var item = in.addItem();
            item.setCategory(new CodeableConcept(new Coding(BENEFIT_CATEGORY, check.benefitCategory, null)));
            if (check.copay != null) {
                item.addBenefit().setType(new CodeableConcept(new Coding(BENEFIT_TYPE, "copay", null)))
                        .setAllowed(money(check.copay));
            }
            if (check.coinsurance != null) {
                item.addBenefit().setType(new CodeableConcept(new Coding(BENEFIT_TYPE, "copay-percent", null)))
                        .setAllowed(new org.hl7.fhir.r4.model.UnsignedIntType(check.coinsurance.intValue()));
            }
            if (check.deductible != null) {
                var b = item.addBenefit().setType(new CodeableConcept(new Coding(BENEFIT_TYPE, "deductible", null)))
                        .setAllowed(money(check.deductible));
                if (check.deductibleRemaining != null) {
                    b.setUsed(money(check.deductible.subtract(check.deductibleRemaining).max(BigDecimal.ZERO)));
                }
            }
            return r;
        }
        boolean pending = "pending".equals(check.state);
        r.setOutcome(pending ? org.hl7.fhir.r4.model.Enumerations.RemittanceOutcome.QUEUED
                : org.hl7.fhir.r4.model.Enumerations.RemittanceOutcome.ERROR);
        r.setDisposition(pending ? "The insurer has not answered yet." : "No answer from the insurer: " + check.reason);
        r.addInsurance().setCoverage(new Reference("Coverage/" + coverage.id));
        return r;
    }

    /** Parses a CoverageEligibilityRequest body's parts we act on. */
    public record Asked(String coverageId, LocalDate serviceDate, String benefitCategory) {
    }

    public Asked asked(CoverageEligibilityRequest r) {
        String coverage = r.getInsurance().stream().filter(i -> i.getCoverage().hasReference())
                .map(i -> i.getCoverage().getReference()).findFirst().orElse(null);
        String served = r.hasServicedDateType() ? r.getServicedDateType().getValueAsString() : null;
        LocalDate date = served == null || served.length() < 10 ? null : LocalDate.parse(served.substring(0, 10));
        String category = r.getItem().stream().flatMap(i -> i.getCategory().getCoding().stream())
                .filter(c -> BENEFIT_CATEGORY.equals(c.getSystem()) || c.getSystem() == null)
                .map(Coding::getCode).findFirst().orElse(null);
        return new Asked(coverage, date, category);
    }

    private IParser lenient() {
        return fhir.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false));
    }

    private static List<String> issues(OperationOutcome oo) {
        List<String> out = new ArrayList<>();
        for (var i : oo.getIssue()) {
            String s = (i.hasCode() ? i.getCode().toCode() : "issue") + ": "
                    + (i.hasDiagnostics() ? i.getDiagnostics() : text(i.getDetails()));
            out.add(s);
        }
        return out;
    }

    /** A coded error as the insurer wrote it: {@code system|code display text}. */
    private static String text(CodeableConcept cc) {
        List<String> parts = new ArrayList<>();
        for (Coding c : cc.getCoding()) {
            parts.add((c.hasSystem() ? c.getSystem() + "|" : "") + c.getCode() + (c.hasDisplay() ? " " + c.getDisplay() : ""));
        }
        if (cc.hasText()) {
            parts.add(cc.getText());
        }
        return String.join("; ", parts);
    }

    private static Money money(BigDecimal v) {
        return new Money().setValue(v).setCurrency("USD");
    }

    /** Cents, as stored; a negative or absurd amount makes the answer unreadable (IllegalArgumentException). */
    private static BigDecimal money(Money m) {
        BigDecimal v = Amounts.fromOutside(m.getValue(), "an amount in the answer");
        return v == null ? BigDecimal.ZERO : v;
    }

    /** The calendar day a FHIR date or dateTime names, as written (no zone conversion). */
    private static LocalDate day(org.hl7.fhir.r4.model.DateTimeType d) {
        String v = d == null ? null : d.getValueAsString();
        return v == null || v.length() < 10 ? null : LocalDate.parse(v.substring(0, 10));
    }
}
