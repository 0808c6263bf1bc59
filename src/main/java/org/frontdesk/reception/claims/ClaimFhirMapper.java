package org.frontdesk.reception.claims;

import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirReferences;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.coding.CodeSystems;
import org.frontdesk.reception.coverage.Coverage;
import org.frontdesk.reception.coverage.CoverageFhirMapper;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.scheduling.Practitioner;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

import java.math.BigDecimal;
import org.frontdesk.reception.shared.Amounts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A claim as the FHIR R4 Claim we send (professional; patient, coverage, insurer and billing
 * provider contained so the insurer resolves nothing of ours), and the reading of the insurer's
 * ClaimResponse into a status, the payer's claim number, amounts and reasons.
 */
@ApplicationScoped
class ClaimFhirMapper {

    static final String SUBMISSION_ID = "urn:frontdesk:claim-submission";
    static final String PAYER_CLAIM_NUMBER = "urn:frontdesk:payer-claim-number";
    static final String POS = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
    static final String FREQUENCY = "https://x12.org/codes/claim-frequency-type-codes";

    @Inject FhirContext fhir;
    @Inject CoverageFhirMapper coverages;

    /** The Claim for one submission, as JSON. */
    public String toJson(Claim c, Patient patient, Coverage coverage, Payer payer, Practitioner rendering,
                         String billingName, String idempotencyKey, String originalPayerClaimNumber,
                         ClaimAdjudications.Prior prior) {
        var claim = toFhir(c, patient, coverage, payer, rendering, billingName, idempotencyKey, originalPayerClaimNumber);
        if (prior != null) {
            addPrior(claim, prior, null);
        }
        if (!"bundle".equals(payer.claimFormat)) {
            return fhir.newJsonParser().encodeResourceToString(claim);
        }
        var bundle = new org.hl7.fhir.r4.model.Bundle().setType(org.hl7.fhir.r4.model.Bundle.BundleType.COLLECTION);
        bundle.setIdentifier(new Identifier().setSystem(SUBMISSION_ID).setValue(idempotencyKey));
        bundle.addEntry().setFullUrl("urn:uuid:" + c.id).setResource(claim);
        return fhir.newJsonParser().encodeResourceToString(bundle);
    }

    public org.hl7.fhir.r4.model.Claim toFhir(Claim c, Patient patient, Coverage coverage, Payer payer,
                                              Practitioner rendering, String billingName, String idempotencyKey,
                                              String originalPayerClaimNumber) {
        var f = new org.hl7.fhir.r4.model.Claim();
        f.setId(c.id.toString());
        if (idempotencyKey != null) {
            f.addIdentifier(new Identifier().setSystem(SUBMISSION_ID).setValue(idempotencyKey));
        }
        f.setStatus(c.status == ClaimStatus.VOID ? org.hl7.fhir.r4.model.Claim.ClaimStatus.CANCELLED
                : org.hl7.fhir.r4.model.Claim.ClaimStatus.ACTIVE);
        f.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional",
                "Professional")));
        f.setUse(org.hl7.fhir.r4.model.Claim.Use.CLAIM);
        f.setCreated(Date.from(c.createdAt));
        f.setPriority(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/processpriority", "normal",
                null)));
        f.setBillablePeriod(new org.hl7.fhir.r4.model.Period().setStartElement(
                new org.hl7.fhir.r4.model.DateTimeType(c.dateOfService.toString())).setEndElement(
                new org.hl7.fhir.r4.model.DateTimeType(c.dateOfService.toString())));

        coverages.containForInsurer(f, patient, coverage, payer);
        f.setPatient(new Reference("#patient"));
        f.setInsurer(new Reference("#insurer"));

        Organization provider = new Organization();
        provider.setId("provider");
        provider.addIdentifier(new Identifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue(c.billingNpi));
        provider.setName(billingName);
        f.addContained(provider);
        f.setProvider(new Reference("#provider"));

        if (rendering != null) {
            var doc = new org.hl7.fhir.r4.model.Practitioner();
            doc.setId("rendering");
            doc.addIdentifier(new Identifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue(rendering.npi));
            var docName = doc.addName().setFamily(rendering.family);
            if (rendering.given != null) {
                docName.addGiven(rendering.given);
            }
            f.addContained(doc);
            var member = f.addCareTeam().setSequence(1).setProvider(new Reference("#rendering"))
                    .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/claimcareteamrole",
                            "primary", "Primary provider")));
            if (rendering.taxonomyCode != null) {
                member.setQualification(new CodeableConcept(new Coding("http://nucc.org/provider-taxonomy",
                        rendering.taxonomyCode, null)));
            }
        }
        f.addInsurance().setSequence(1).setFocal(true).setCoverage(new Reference("#coverage"));

        if (!"1".equals(c.frequency)) {
            f.addRelated().setRelationship(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship", "prior", null)))
                    .setReference(new Identifier().setSystem(PAYER_CLAIM_NUMBER).setValue(originalPayerClaimNumber));
            f.addSupportingInfo().setSequence(1).setCategory(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/claiminformationcategory", "info", null)))
                    .setCode(new CodeableConcept(new Coding(FREQUENCY, c.frequency,
                            "7".equals(c.frequency) ? "Replacement of prior claim" : "Void/cancel of prior claim")));
        }
        for (int i = 0; i < c.diagnoses.size(); i++) {
            f.addDiagnosis().setSequence(i + 1).setDiagnosis(new CodeableConcept(new Coding(
                    CodeSystems.URL.get(CodeSystems.ICD10CM), dotted(c.diagnoses.get(i)), null)));
        }
        BigDecimal total = BigDecimal.ZERO;
        for (ClaimLine l : c.lines) {
            var item = f.addItem().setSequence(l.position);
            if (rendering != null) {
                item.addCareTeamSequence(1);
            }
            l.pointers.forEach(ptr -> item.addDiagnosisSequence(ptr));
            item.setProductOrService(new CodeableConcept(new Coding(CodeSystems.URL.get(
                    CodeSystems.procedureSystem(l.code)), l.code, null)));
            for (String m : l.modifiers) {
                item.addModifier(new CodeableConcept(new Coding("http://www.ama-assn.org/go/cpt", m, null)));
            }
            item.setServiced(new DateType(l.serviceDate.toString()));
            item.setLocation(new CodeableConcept(new Coding(POS, c.placeOfService, null)));
            item.setQuantity(new org.hl7.fhir.r4.model.Quantity(l.units));
            BigDecimal unit = l.charge.divide(BigDecimal.valueOf(l.units), 2, java.math.RoundingMode.HALF_UP);
            item.setUnitPrice(new Money().setValue(unit).setCurrency("USD"));
            item.setNet(new Money().setValue(l.charge).setCurrency("USD"));
            total = total.add(l.charge);
        }
        f.setTotal(new Money().setValue(total).setCurrency("USD"));
        return f;
    }

    /** The claim as our FHIR face shows it: references to our Patient, Coverage and payer Organization. */
    public org.hl7.fhir.r4.model.Claim forRead(Claim c, Patient patient, Coverage coverage, Payer payer,
                                               Practitioner rendering, String billingName,
                                               String originalPayerClaimNumber) {
        var f = toFhir(c, patient, coverage, payer, rendering, billingName, null, originalPayerClaimNumber);
        f.getContained().removeIf(r -> !Set.of("provider", "rendering", "prior-adjudication").contains(r.getIdElement().getIdPart()
                .replace("#", "")));
        f.setPatient(new Reference("Patient/" + c.patientId));
        f.setInsurer(new Reference("Organization/" + payer.id).setDisplay(payer.name));
        f.getInsuranceFirstRep().setCoverage(new Reference("Coverage/" + c.coverageId));
        f.setMeta(new org.hl7.fhir.r4.model.Meta().setVersionId(Long.toString(c.version)));
        f.setStatus(switch (c.status) {
            case DRAFT, READY -> org.hl7.fhir.r4.model.Claim.ClaimStatus.DRAFT;
            case VOID -> org.hl7.fhir.r4.model.Claim.ClaimStatus.CANCELLED;
            default -> org.hl7.fhir.r4.model.Claim.ClaimStatus.ACTIVE;
        });
        if (c.payerClaimNumber != null) {
            f.addIdentifier(new Identifier().setSystem(PAYER_CLAIM_NUMBER).setValue(c.payerClaimNumber));
        }
        return f;
    }

    static final String CARC = "https://x12.org/codes/claim-adjustment-reason-codes";
    static final String GROUP = "https://x12.org/codes/claim-adjustment-group-codes";
    static final String ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication";

    /**
     * A claim to the next payer carries the earlier payer's adjudication: that coverage comes first
     * in {@code insurance} (not focal), with its ClaimResponse contained: what it paid per line and
     * in all, and each adjustment with its group code and CARC. {@code priorCoverage} is our
     * Coverage id for the FHIR face, null in a claim sent to a payer (then named by member id).
     */
    public void addPrior(org.hl7.fhir.r4.model.Claim f, ClaimAdjudications.Prior p, UUID priorCoverage) {
        var cr = new org.hl7.fhir.r4.model.ClaimResponse();
        cr.setId("prior-adjudication");
        cr.setStatus(org.hl7.fhir.r4.model.ClaimResponse.ClaimResponseStatus.ACTIVE);
        cr.setType(f.getType());
        cr.setUse(org.hl7.fhir.r4.model.ClaimResponse.Use.CLAIM);
        cr.setPatient(f.getPatient().copy());
        cr.setCreated(p.adjudicated() == null ? f.getCreated() : java.sql.Date.valueOf(p.adjudicated()));
        cr.setInsurer(new Reference().setIdentifier(new Identifier().setSystem("urn:frontdesk:payer-id")
                .setValue(p.payerId())).setDisplay(p.payerName()));
        cr.setOutcome(org.hl7.fhir.r4.model.ClaimResponse.RemittanceOutcome.COMPLETE);
        if (p.payerClaimNumber() != null) {
            cr.addIdentifier(new Identifier().setSystem(PAYER_CLAIM_NUMBER).setValue(p.payerClaimNumber()));
        }
        p.lines().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
            var item = cr.addItem().setItemSequence(e.getKey());
            item.addAdjudication().setCategory(new CodeableConcept(new Coding(ADJUDICATION, "benefit", null)))
                    .setAmount(usd(e.getValue().paid()));
            e.getValue().adjustments().forEach(a -> item.addAdjudication(adjustment(a)));
        });
        p.claimAdjustments().forEach(a -> cr.addAdjudication(adjustment(a)));
        cr.addTotal().setCategory(new CodeableConcept(new Coding(ADJUDICATION, "benefit", null))).setAmount(usd(p.paid()));
        cr.setPayment(new org.hl7.fhir.r4.model.ClaimResponse.PaymentComponent()
                .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/ex-paymenttype",
                        "complete", null))).setAmount(usd(p.paid())));
        f.addContained(cr);
        var focal = f.getInsurance();
        focal.forEach(i -> i.setSequence(i.getSequence() + 1));
        var prior = new org.hl7.fhir.r4.model.Claim.InsuranceComponent().setSequence(1).setFocal(false)
                .setClaimResponse(new Reference("#prior-adjudication"));
        prior.setCoverage(priorCoverage != null ? new Reference("Coverage/" + priorCoverage)
                : new Reference().setIdentifier(new Identifier().setSystem("urn:frontdesk:member-id")
                        .setValue(p.otherPayer().memberId())).setDisplay(p.payerName()));
        focal.add(0, prior);
    }

    private static org.hl7.fhir.r4.model.ClaimResponse.AdjudicationComponent adjustment(Claim837.Adjustment a) {
        return new org.hl7.fhir.r4.model.ClaimResponse.AdjudicationComponent()
                .setCategory(new CodeableConcept(new Coding(GROUP, a.group(), null)))
                .setReason(new CodeableConcept(new Coding(CARC, a.reason(), null))).setAmount(usd(a.amount()));
    }

    private static Money usd(BigDecimal v) {
        return new Money().setValue(v).setCurrency("USD");
    }

    /** A Claim an EHR sends, as what {@link ClaimService#createFromEhr} takes. */
    public record EhrClaim(UUID patientId, UUID coverageId, java.time.LocalDate dateOfService, List<String> diagnoses,
                           List<ClaimLine> lines) {
    }

    public EhrClaim fromFhir(org.hl7.fhir.r4.model.Claim f) {
        List<org.frontdesk.reception.shared.FieldError> errors = new ArrayList<>();
        UUID patient = FhirReferences.localId(f.getPatient().getReference(), "Patient");
        if (patient == null) {
            errors.add(new org.frontdesk.reception.shared.FieldError("Claim.patient", "must reference one of our patients"));
        }
        var insurance = f.getInsurance().stream().filter(i -> i.getFocal()).findFirst()
                .orElse(f.getInsuranceFirstRep());
        UUID coverage = FhirReferences.localId(insurance.getCoverage().getReference(), "Coverage");
        if (coverage == null) {
            errors.add(new org.frontdesk.reception.shared.FieldError("Claim.insurance.coverage",
                    "must reference one of our coverages"));
        }
        java.time.LocalDate dos = day(f.getBillablePeriod().getStartElement());
        if (dos == null) {
            dos = f.getItem().stream().filter(i -> i.hasServicedDateType())
                    .map(i -> day(i.getServicedDateType())).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(f.hasCreated() ? java.time.LocalDate.ofInstant(f.getCreated().toInstant(),
                            java.time.ZoneOffset.UTC) : null);
        }
        if (dos == null) {
            errors.add(new org.frontdesk.reception.shared.FieldError("Claim.billablePeriod", "a date of service is required"));
        }
        if (!errors.isEmpty()) {
            throw org.frontdesk.reception.shared.ProblemException.badRequest(errors.get(0).detail(), errors);
        }
        List<String> dx = f.getDiagnosis().stream()
                .sorted(java.util.Comparator.comparingInt(d -> d.getSequence()))
                .filter(d -> d.hasDiagnosisCodeableConcept())
                .map(d -> d.getDiagnosisCodeableConcept().getCoding().stream()
                        .filter(c -> CodeSystems.URL.get(CodeSystems.ICD10CM).equals(c.getSystem())).findFirst()
                        .orElse(d.getDiagnosisCodeableConcept().getCodingFirstRep()).getCode())
                .filter(code -> code != null).toList();
        List<ClaimLine> items = new ArrayList<>();
        for (var i : f.getItem()) {
            int units = i.hasQuantity() && i.getQuantity().hasValue() ? Math.max(1, i.getQuantity().getValue().intValue()) : 1;
            BigDecimal charge = i.hasNet() ? i.getNet().getValue()
                    : i.hasUnitPrice() ? i.getUnitPrice().getValue().multiply(BigDecimal.valueOf(units)) : null;
            items.add(new ClaimLine(i.getProductOrService().getCodingFirstRep().getCode(),
                    i.getModifier().stream().map(m -> m.getCodingFirstRep().getCode()).toList(), units,
                    i.getDiagnosisSequence().stream().map(p -> p.getValue()).toList(), charge,
                    i.hasServicedDateType() ? day(i.getServicedDateType()) : null));
        }
        return new EhrClaim(patient, coverage, dos, dx, items);
    }

    /** A stored insurer answer as a ClaimResponse: the insurer's own when it sent one, else what we know of it. */
    public org.hl7.fhir.r4.model.ClaimResponse toFhir(ClaimResponseRecord record, Claim claim) {
        org.hl7.fhir.r4.model.ClaimResponse r = null;
        try {
            if (fhir.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false))
                    .parseResource(record.payload) instanceof org.hl7.fhir.r4.model.ClaimResponse parsed) {
                r = parsed;
            }
        } catch (DataFormatException | ClassCastException | NullPointerException e) {
            r = null;
        }
        if (r == null) {
            r = new org.hl7.fhir.r4.model.ClaimResponse();
            r.setStatus(org.hl7.fhir.r4.model.ClaimResponse.ClaimResponseStatus.ACTIVE);
            r.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional", null)));
            r.setUse(org.hl7.fhir.r4.model.ClaimResponse.Use.CLAIM);
            r.setCreated(Date.from(record.receivedAt));
            r.setOutcome(org.hl7.fhir.r4.model.ClaimResponse.RemittanceOutcome.ERROR);
            r.setDisposition(record.reasons);
        }
        r.setId(record.id.toString());
        r.setMeta(null);
        r.getContained().clear();
        r.setPatient(new Reference("Patient/" + claim.patientId));
        r.setInsurer(new Reference("Organization/" + claim.payerId));
        r.setRequest(new Reference("Claim/" + claim.id));
        return r;
    }

    /** The day a FHIR date or dateTime names, or null when it is partial (a year or a month). */
    private static java.time.LocalDate day(org.hl7.fhir.r4.model.BaseDateTimeType d) {
        String v = d == null ? null : d.getValueAsString();
        return v == null || v.length() < 10 ? null : java.time.LocalDate.parse(v.substring(0, 10));
    }

    /** What an insurer's answer to a claim says. */
    public record Reading(String payerClaimNumber, BigDecimal paid, BigDecimal patientPays,
                          List<String> reasons, String outcome) {
    }

    /**
     * Reads a ClaimResponse: its outcome (which ClaimStatusPolicy#afterAnswer turns into a status),
     * the payer's claim number, what it paid, what the patient owes, and its reasons (errors and
     * disposition).
     *
     * @throws IllegalArgumentException when the body is not a ClaimResponse
     */
    public Reading read(String body) {
        IBaseResource parsed;
        try {
            parsed = fhir.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false))
                    .parseResource(body);
        } catch (DataFormatException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not FHIR JSON");
        }
        if (!(parsed instanceof org.hl7.fhir.r4.model.ClaimResponse r)) {
            throw new IllegalArgumentException("a " + parsed.fhirType() + ", not a ClaimResponse");
        }
        List<String> reasons = new ArrayList<>();
        for (var e : r.getError()) {
            reasons.add(e.getCode().getCoding().stream().map(c -> c.getCode() + (c.hasDisplay() ? " " + c.getDisplay() : ""))
                    .reduce((a, b) -> a + "; " + b).orElse(e.getCode().getText()));
        }
        if (r.hasDisposition()) {
            reasons.add(r.getDisposition());
        }
        String number = r.getIdentifier().stream().filter(i -> !SUBMISSION_ID.equals(i.getSystem()) && i.hasValue())
                .map(Identifier::getValue).map(v -> v.length() > 64 ? v.substring(0, 64) : v).findFirst().orElse(null);
        BigDecimal paid = amount(r.hasPayment() && r.getPayment().hasAmount() ? r.getPayment().getAmount().getValue() : null,
                "the payment");
        BigDecimal patientPays = amount(r.getTotal().stream().filter(t -> t.getCategory().getCoding().stream()
                        .anyMatch(c -> "copay".equals(c.getCode()) || "deductible".equals(c.getCode())))
                .filter(t -> t.hasAmount() && t.getAmount().hasValue())
                .map(t -> Amounts.fromOutside(t.getAmount().getValue(), "the patient's share"))
                .reduce(BigDecimal::add).orElse(null), "the patient's share");
        String outcome = r.hasOutcome() ? r.getOutcome().toCode() : "unknown";
        return new Reading(number, paid, patientPays, reasons, outcome);
    }

    /**
     * An amount we can store (numeric(12,2)), or none.
     *
     * @throws IllegalArgumentException when it is negative or absurd (the answer can't be read)
     */
    private static BigDecimal amount(BigDecimal v, String what) {
        BigDecimal cents = Amounts.fromOutside(v, what);
        return cents == null || cents.compareTo(new BigDecimal("9999999999.99")) > 0 ? null : cents;
    }

    private static String dotted(String code) {
        return code.length() > 3 ? code.substring(0, 3) + "." + code.substring(3) : code;
    }
}
