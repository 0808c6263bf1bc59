package org.frontdesk.reception.coverage;

import org.frontdesk.reception.fhir.FhirReferences;
import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Coverage and payers as FHIR R4, shaped like US Core: the member id as an identifier of type
 * MB and as {@code subscriberId}, the payer type in the Source of Payment Typology, group and
 * plan as classes, the order, the copay as a cost to the beneficiary, and someone else's policy
 * with its subscriber as a contained RelatedPerson. Payers are Organizations of type {@code pay}.
 */
@ApplicationScoped
public class CoverageFhirMapper {

    static final String PAYER_ID = "urn:frontdesk:payer-id";
    /** Our kind of payer: commercial, medicare, medicaid or self-pay. */
    static final String PAYER_TYPE = "urn:frontdesk:payer-type";
    static final String MEMBER_ID = "urn:frontdesk:member-id";
    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String SOPT = "https://nahdo.org/sopt";
    static final String RELATIONSHIP = "http://terminology.hl7.org/CodeSystem/subscriber-relationship";
    static final String COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class";
    static final String COPAY_TYPE = "http://terminology.hl7.org/CodeSystem/coverage-copay-type";
    static final String ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";
    /** Our payer types in the Source of Payment Typology (PHDSC). */
    static final Map<String, String[]> SOPT_CODES = Map.of(
            "medicare", new String[] {"1", "MEDICARE"},
            "medicaid", new String[] {"2", "MEDICAID"},
            "commercial", new String[] {"5", "PRIVATE HEALTH INSURANCE"},
            "self-pay", new String[] {"81", "Self-pay"});

    public Organization toFhir(Payer p) {
        Organization o = new Organization();
        o.setId(p.id.toString());
        o.setMeta(new Meta().setVersionId(Long.toString(p.version)));
        o.addIdentifier(new Identifier().setSystem(PAYER_ID).setValue(p.payerCode));
        o.setActive(p.active);
        o.addType(new CodeableConcept(new Coding(ORGANIZATION_TYPE, "pay", "Payer")));
        o.addType(new CodeableConcept(new Coding(PAYER_TYPE, p.type, null)));
        o.setName(p.name);
        return o;
    }

    /**
     * What an EHR may set of a payer: its payer id, name, kind and whether active. How we reach the
     * payer (endpoint, credentials) is the practice's own set-up and is neither shown nor taken.
     */
    public void update(Organization o, Payer p) {
        p.payerCode = o.getIdentifier().stream().filter(i -> PAYER_ID.equals(i.getSystem())).map(Identifier::getValue)
                .findFirst().orElseThrow(() -> ProblemException.badRequest("A payer needs its payer id as an identifier ("
                        + PAYER_ID + ").", List.of(new FieldError("Organization.identifier", "a payer id is required"))));
        p.name = o.getName();
        p.type = o.getType().stream().flatMap(t -> t.getCoding().stream()).filter(c -> PAYER_TYPE.equals(c.getSystem()))
                .map(Coding::getCode).findFirst().orElse(p.type == null ? "commercial" : p.type);
        p.active = !o.hasActive() || o.getActive();
    }

    public org.hl7.fhir.r4.model.Coverage toFhir(Coverage c, Payer payer) {
        var f = new org.hl7.fhir.r4.model.Coverage();
        f.setId(c.id.toString());
        f.setMeta(new Meta().setVersionId(Long.toString(c.version)));
        f.addIdentifier(new Identifier().setSystem(MEMBER_ID).setValue(c.memberId)
                .setType(new CodeableConcept(new Coding(V2_0203, "MB", "Member Number")))
                .setAssigner(new Reference("Organization/" + payer.id).setDisplay(payer.name)));
        f.setStatus(org.hl7.fhir.r4.model.Coverage.CoverageStatus.fromCode(c.status));
        String[] sopt = SOPT_CODES.get(payer.type);
        f.setType(new CodeableConcept(new Coding(SOPT, sopt[0], sopt[1])));
        f.setSubscriberId(c.subscriberMemberId != null ? c.subscriberMemberId : c.memberId);
        f.setBeneficiary(new Reference("Patient/" + c.patientId));
        if ("self".equals(c.relationship)) {
            f.setSubscriber(new Reference("Patient/" + c.patientId));
        } else {
            RelatedPerson rp = new RelatedPerson();
            rp.setId("subscriber");
            rp.setPatient(new Reference("Patient/" + c.patientId));
            var name = rp.addName().setFamily(c.subscriberFamily);
            if (c.subscriberGiven != null) {
                name.addGiven(c.subscriberGiven);
            }
            rp.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(c.subscriberBirthDate.toString()));
            f.addContained(rp);
            f.setSubscriber(new Reference("#subscriber"));
        }
        f.setRelationship(new CodeableConcept(new Coding(RELATIONSHIP, c.relationship, null)));
        if (c.periodStart != null || c.periodEnd != null) {
            Period period = new Period();
            if (c.periodStart != null) {
                period.setStartElement(new DateTimeType(c.periodStart.toString()));
            }
            if (c.periodEnd != null) {
                period.setEndElement(new DateTimeType(c.periodEnd.toString()));
            }
            f.setPeriod(period);
        }
        f.addPayor(new Reference("Organization/" + payer.id).setDisplay(payer.name));
        if (c.groupNumber != null) {
            f.addClass_().setType(new CodeableConcept(new Coding(COVERAGE_CLASS, "group", "Group")))
                    .setValue(c.groupNumber);
        }
        if (c.planName != null) {
            f.addClass_().setType(new CodeableConcept(new Coding(COVERAGE_CLASS, "plan", "Plan")))
                    .setValue(c.planName).setName(c.planName);
        }
        f.setOrder(c.priority);
        if (c.copay != null) {
            f.addCostToBeneficiary().setType(new CodeableConcept(new Coding(COPAY_TYPE, "copay", "Copay Amount")))
                    .setValue(new Money().setValue(c.copay).setCurrency("USD"));
        }
        return f;
    }

    /**
     * Puts into a request to an insurer what it needs so it resolves nothing of ours: the
     * patient's demographics (name, birth date, gender: no more than an insurer needs to match its
     * member) as #patient, the payer as #insurer, and the coverage pointing at both as #coverage.
     */
    public void containForInsurer(org.hl7.fhir.r4.model.DomainResource request,
                                  org.frontdesk.reception.patient.Patient patient, Coverage c, Payer payer) {
        var p = new org.hl7.fhir.r4.model.Patient();
        p.setId("patient");
        var name = patient.primaryName();
        if (name != null) {
            var hn = p.addName().setFamily(name.family);
            name.given.forEach(hn::addGiven);
        }
        if (patient.birthDate != null) {
            p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(patient.birthDate.toString()));
        }
        if (patient.gender != null) {
            p.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.fromCode(patient.gender));
        }
        Organization insurer = toFhir(payer);
        insurer.setId("insurer");
        insurer.setMeta(null);
        var cov = toFhir(c, payer);
        cov.setId("coverage");
        cov.setMeta(null);
        cov.setBeneficiary(new Reference("#patient"));
        if ("self".equals(c.relationship)) {
            cov.setSubscriber(new Reference("#patient"));
        }
        cov.getPayor().clear();
        cov.addPayor(new Reference("#insurer"));
        request.addContained(p);
        request.addContained(insurer);
        request.addContained(cov);
    }

    /** A FHIR Coverage as what {@code CoverageService} takes; references must point at our patient and payer. */
    public Draft toDraft(org.hl7.fhir.r4.model.Coverage f) {
        List<FieldError> errors = new ArrayList<>();
        Coverage c = new Coverage();
        UUID patientId = FhirReferences.localId(f.getBeneficiary().getReference(), "Patient");
        if (patientId == null) {
            errors.add(new FieldError("Coverage.beneficiary", "must reference one of our patients (Patient/<id>)"));
        }
        String payerRef = f.getPayor().stream().map(Reference::getReference).filter(r -> r != null).findFirst().orElse(null);
        String payerCode = f.getPayor().stream().filter(r -> r.getIdentifier().hasValue()
                && PAYER_ID.equals(r.getIdentifier().getSystem())).map(r -> r.getIdentifier().getValue())
                .findFirst().orElse(null);
        c.payerId = FhirReferences.localId(payerRef, "Organization");
        if (c.payerId == null && payerCode == null) {
            errors.add(new FieldError("Coverage.payor", "must reference a payer (Organization/<id>, or an identifier of "
                    + PAYER_ID + ")"));
        }
        c.memberId = f.getIdentifier().stream().filter(i -> i.getType().getCoding().stream()
                        .anyMatch(t -> "MB".equals(t.getCode())) || MEMBER_ID.equals(i.getSystem()))
                .map(Identifier::getValue).findFirst()
                .orElse(f.hasSubscriberId() ? f.getSubscriberId() : f.getIdentifierFirstRep().getValue());
        if (c.memberId == null) {
            errors.add(new FieldError("Coverage.identifier", "a member id is required (identifier of type MB, or subscriberId)"));
        }
        c.status = f.hasStatus() ? f.getStatus().toCode() : null;
        c.relationship = f.getRelationship().getCoding().stream().map(Coding::getCode).findFirst().orElse("self");
        if (f.getSubscriber().getResource() instanceof RelatedPerson rp || f.getSubscriber().getReference() != null
                && f.getSubscriber().getReference().startsWith("#")) {
            RelatedPerson person = f.getContained().stream().filter(r -> r instanceof RelatedPerson)
                    .map(r -> (RelatedPerson) r).findFirst().orElse(null);
            if (person != null && person.hasName()) {
                c.subscriberFamily = person.getNameFirstRep().getFamily();
                c.subscriberGiven = person.getNameFirstRep().getGivenAsSingleString();
                String born = person.hasBirthDate() ? person.getBirthDateElement().getValueAsString() : null;
                c.subscriberBirthDate = born == null || born.length() < 10 ? null : LocalDate.parse(born.substring(0, 10));
            }
        }
        if (f.hasSubscriberId() && !f.getSubscriberId().equals(c.memberId)) {
            c.subscriberMemberId = f.getSubscriberId();
        }
        c.periodStart = day(f.getPeriod().getStartElement());
        c.periodEnd = day(f.getPeriod().getEndElement());
        for (var cls : f.getClass_()) {
            String type = cls.getType().getCoding().stream().map(Coding::getCode).findFirst().orElse("");
            if (type.equals("group")) {
                c.groupNumber = cls.getValue();
            } else if (type.equals("plan")) {
                c.planName = cls.hasName() ? cls.getName() : cls.getValue();
            }
        }
        c.priority = f.hasOrder() ? f.getOrder() : 0;
        c.copay = f.getCostToBeneficiary().stream().filter(x -> x.getType().getCoding().stream()
                        .anyMatch(t -> "copay".equals(t.getCode())) && x.hasValueMoney())
                .map(x -> x.getValueMoney().getValue()).findFirst().orElse(null);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.get(0).detail(), errors);
        }
        return new Draft(patientId, payerCode, c);
    }

    /** A Coverage read from FHIR: for whom, the payer by its code when not by id, and the fields. */
    public record Draft(UUID patientId, String payerCode, Coverage coverage) {
    }

    private static LocalDate day(DateTimeType d) {
        String v = d == null ? null : d.getValueAsString();
        return v == null || v.length() < 10 ? null : LocalDate.parse(v.substring(0, 10));
    }
}
