package org.frontdesk.reception.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirReferences;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;

import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A consent record as FHIR {@code Consent}: the kind as a category in our code system (with
 * LOINC 57016-8 "Privacy policy acknowledgement" or 59284-0 "Patient consent"), the decision as
 * provision.type, the policy text's version in policy.uri ({@code <base>/<kind>/<version>}), the
 * date signed as dateTime and the signed document as sourceReference. Current decisions are
 * active, superseded ones inactive.
 */
@ApplicationScoped
class ConsentFhirMapper {

    static final String KIND_SYSTEM = "https://fhir.frontdesk.example/CodeSystem/consent-kind";
    static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
    static final String LOINC = "http://loinc.org";
    static final String POLICY_CODES = "http://terminology.hl7.org/CodeSystem/consentpolicycodes";

    @Inject PatientConfig config;

    Consent toFhir(PatientConsent c) {
        Consent f = new Consent();
        f.setId(c.id.toString());
        f.setStatus(c.current() ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE);
        boolean financial = "financial-policy".equals(c.kind);
        f.setScope(new CodeableConcept(new Coding(SCOPE_SYSTEM, financial ? "treatment" : "patient-privacy",
                financial ? "Treatment" : "Privacy Consent")));
        f.addCategory(new CodeableConcept(new Coding(KIND_SYSTEM, c.kind, display(c.kind))));
        f.addCategory(new CodeableConcept("privacy-notice".equals(c.kind)
                ? new Coding(LOINC, "57016-8", "Privacy policy acknowledgement Document")
                : new Coding(LOINC, "59284-0", "Patient Consent")));
        f.setPatient(new Reference("Patient/" + c.patientId));
        f.setDateTime(Date.from(c.givenAt));
        f.addPolicy().setUri(policyUri(c.kind, c.policyVersion));
        if ("privacy-notice".equals(c.kind)) {
            f.setPolicyRule(new CodeableConcept(new Coding(POLICY_CODES, "hipaa-npp", "HIPAA Notice of Privacy Practices")));
        }
        if (c.documentId != null) {
            f.setSource(new Reference("DocumentReference/" + c.documentId));
        }
        f.getProvision().setType(c.permits() ? Consent.ConsentProvisionType.PERMIT : Consent.ConsentProvisionType.DENY);
        return f;
    }

    String policyUri(String kind, String version) {
        String base = config.consentPolicyBase();
        return (base.endsWith("/") ? base : base + "/") + kind + "/" + version;
    }

    /** What an EHR's Consent asks to record: checked here only for shape; the rules are {@link Consents#record}'s. */
    record Draft(UUID patientId, Consents.Decision decision) {
    }

    Draft toDraft(Consent f) {
        if (f.getStatus() != Consent.ConsentState.ACTIVE) {
            throw bad("Consent.status", "must be active: a decision is recorded as it stands now");
        }
        UUID patient = FhirReferences.localId(f.getPatient().getReference(), "Patient");
        if (patient == null) {
            throw bad("Consent.patient", "a reference to one of our patients (Patient/<id>) is required");
        }
        String kind = f.getCategory().stream().flatMap(c -> c.getCoding().stream())
                .filter(c -> KIND_SYSTEM.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
        if (kind == null || !Consents.KINDS.contains(kind)) {
            throw bad("Consent.category", "one coding in " + KIND_SYSTEM
                    + " is required: privacy-notice, financial-policy, sms or email");
        }
        if (!f.hasProvision() || !f.getProvision().hasType()) {
            throw bad("Consent.provision.type", "is required: permit or deny");
        }
        String version = null;
        if (f.hasPolicy()) {
            String uri = f.getPolicyFirstRep().getUri();
            String prefix = policyUri(kind, "");
            if (uri == null || !uri.startsWith(prefix) || uri.length() == prefix.length()) {
                throw bad("Consent.policy.uri", "must be " + prefix + "<version>");
            }
            version = uri.substring(prefix.length());
        }
        UUID document = null;
        if (f.hasSourceReference()) {
            document = FhirReferences.localId(f.getSourceReference().getReference(), "DocumentReference");
            if (document == null) {
                throw bad("Consent.sourceReference", "must be a DocumentReference/<id> of ours");
            }
        } else if (f.hasSource()) {
            throw bad("Consent.source[x]", "only sourceReference to one of our DocumentReferences is taken");
        }
        return new Draft(patient, new Consents.Decision(kind,
                f.getProvision().getType() == Consent.ConsentProvisionType.PERMIT, version,
                f.hasDateTime() ? f.getDateTime().toInstant() : null, document, "ehr"));
    }

    private static ProblemException bad(String element, String why) {
        return ProblemException.badRequest(element + " " + why + ".", List.of(new FieldError(element, why)));
    }

    private static String display(String kind) {
        return switch (kind) {
            case "privacy-notice" -> "HIPAA notice of privacy practices acknowledged";
            case "financial-policy" -> "Financial policy";
            case "sms" -> "Contact by SMS";
            default -> "Contact by e-mail";
        };
    }
}
