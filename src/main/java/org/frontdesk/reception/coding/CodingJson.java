package org.frontdesk.reception.coding;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/** The JSON of the coding API. */
final class CodingJson {

    private CodingJson() {
    }

    /** Who the patient is, for age and sex edits: a birth date or an age, and sex (female, male, other, unknown). */
    public record PatientFacts(LocalDate birthDate, @Min(0) @Max(150) Integer age,
                               @Pattern(regexp = "female|male|other|unknown", message = "must be female, male, other or unknown")
                               String sex) {
    }

    public record CodeToCheck(@Pattern(regexp = "icd-10-cm|hcpcs|cpt", message = "must be icd-10-cm, hcpcs or cpt")
                              String system,
                              @NotBlank @Size(max = 12) String code) {
    }

    /** Codes to check for one date of service. */
    public record ValidateRequest(@NotNull LocalDate dateOfService, @Valid PatientFacts patient,
                                  @NotEmpty @Size(max = 100) List<@Valid @NotNull CodeToCheck> codes) {
    }

    public record ValidateResponse(LocalDate dateOfService, boolean allValid, List<CodeValidator.Result> codes) {
    }

    public record ClaimLine(@NotBlank @Size(max = 12) String code,
                            @Size(max = 4) List<@NotBlank @Size(max = 2) String> modifiers,
                            @NotNull @Min(1) @Max(9999) Integer units,
                            List<Integer> diagnosisPointers,
                            LocalDate dateOfService) {
    }

    /** A draft claim to scrub: diagnoses in order (the first is the principal) and service lines. */
    public record ScrubRequest(@NotNull LocalDate dateOfService, @Valid PatientFacts patient,
                               @NotNull @Size(max = 50) List<@NotBlank @Size(max = 12) String> diagnoses,
                               @NotNull @Size(max = 50) List<@Valid @NotNull ClaimLine> lines) {
    }

    /**
     * Loads a file from the import directories. format: icd10cm-order, icd10cm-addenda, hcpcs,
     * cpt, ncci-ptp, mue or add-on. validFrom/validTo: the dates of service it answers for
     * (implied by FY&lt;year&gt; for ICD-10-CM and &lt;year&gt; for HCPCS).
     */
    public record LoadRequest(@NotBlank String format, @NotBlank @Size(max = 32) String version, LocalDate validFrom,
                              LocalDate validTo, @Size(max = 32) String basedOn, @NotBlank @Size(max = 1000) String path) {
    }

    public record VersionView(java.util.UUID id, String system, String version, LocalDate validFrom, LocalDate validTo,
                              int rows, int billable, String source, java.time.Instant loadedAt, String loadedBy) {
    }
}
