package org.frontdesk.reception.patient;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An identifier issued by someone else: a driver's licence, another practice's MRN, an SSN.
 *
 * @param system   URI of the issuing namespace, e.g. {@code http://hl7.org/fhir/sid/us-ssn}
 * @param typeCode HL7 v2 table 0203 code, e.g. DL, MR, SS
 */
record IdentifierJson(
        IdentifierUse use,
        @NotBlank @Size(max = 400) String system,
        @NotBlank @Size(max = 400) String value,
        @Size(max = 64) String typeCode,
        @Size(max = 200) String typeText,
        @Size(max = 400) String assigner) {
}
