package org.frontdesk.reception.patient;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** The JSON face of a patient's consents. */
final class PatientConsentJson {

    private PatientConsentJson() {
    }

    /**
     * A decision the desk records: the patient signed (or refused) a policy.
     *
     * @param kind          privacy-notice, financial-policy, sms or email
     * @param decision      permit (given) or deny (refused, withdrawn)
     * @param policyVersion the version of the policy text; the configured current one when left out
     * @param givenAt       when it was signed; now when left out
     * @param documentId    the signed document (one of the patient's documents), if scanned
     */
    record ConsentRequest(@NotNull @Pattern(regexp = "privacy-notice|financial-policy|sms|email") String kind,
                          @NotNull @Pattern(regexp = "permit|deny") String decision,
                          @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,39}") String policyVersion,
                          Instant givenAt, UUID documentId) {
    }

    /**
     * A recorded decision.
     *
     * @param current      whether it is the kind's decision in force (false: superseded by a later one)
     * @param supersededBy the decision that replaced it
     */
    record ConsentView(UUID id, UUID patientId, String kind, String decision, String policyVersion, Instant givenAt,
                       UUID documentId, @Schema(description = "desk, ehr, patient-form, reply or migration") String source,
                       Instant recordedAt, String recordedBy, boolean current, Instant supersededAt, UUID supersededBy) {

        static ConsentView of(PatientConsent c) {
            return new ConsentView(c.id, c.patientId, c.kind, c.decision, c.policyVersion, c.givenAt, c.documentId,
                    c.source, c.recordedAt, c.recordedBy, c.current(), c.supersededAt, c.supersededBy);
        }
    }
}
