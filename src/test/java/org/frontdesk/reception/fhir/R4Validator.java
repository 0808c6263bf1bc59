package org.frontdesk.reception.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

import java.util.List;

/**
 * HAPI's validator against base R4, built once for the whole test run (its first use takes
 * seconds) and shared by every test that checks our FHIR output.
 */
public final class R4Validator {

    private static final FhirContext CTX = FhirContext.forR4();
    private static volatile FhirValidator validator;

    private R4Validator() {
    }

    private static FhirValidator validator() {
        if (validator == null) {
            synchronized (R4Validator.class) {
                if (validator == null) {
                    ValidationSupportChain chain = new ValidationSupportChain(
                            new DefaultProfileValidationSupport(CTX),
                            new InMemoryTerminologyServerValidationSupport(CTX),
                            new CommonCodeSystemsTerminologyService(CTX),
                            new SnapshotGeneratingValidationSupport(CTX));
                    FhirInstanceValidator instance = new FhirInstanceValidator(chain);
                    instance.setAnyExtensionsAllowed(true);
                    FhirValidator v = CTX.newValidator();
                    v.registerValidatorModule(instance);
                    validator = v;
                }
            }
        }
        return validator;
    }

    /** The errors (and fatals) HAPI finds in a JSON resource; empty when it is valid base R4. */
    public static List<String> errors(String json) {
        ValidationResult result = validator().validateWithResult(json);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R4Validator::describe)
                .toList();
    }

    private static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
