package org.frontdesk.reception.coverage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.frontdesk.reception.shared.Coded;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The JSON of the coverage API: payers, coverages, eligibility checks. */
public final class CoverageJson {

    private CoverageJson() {
    }

    public enum PayerType implements Coded {
        COMMERCIAL("commercial"), MEDICARE("medicare"), MEDICAID("medicaid"), SELF_PAY("self-pay");
        private final String code;

        PayerType(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }
    }

    public enum PayerAuth implements Coded {
        NONE("none"), OAUTH2("oauth2"), API_KEY("api-key");
        private final String code;

        PayerAuth(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }
    }

    /** Which coverage pays first. */
    public enum CoverageOrder implements Coded {
        PRIMARY("primary"), SECONDARY("secondary"), TERTIARY("tertiary");
        private final String code;

        CoverageOrder(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }

        int priority() {
            return ordinal() + 1;
        }

        static CoverageOrder of(int priority) {
            return values()[priority - 1];
        }
    }

    /** The patient's relationship to the subscriber (FHIR subscriber-relationship). */
    public enum Relationship implements Coded {
        SELF("self"), SPOUSE("spouse"), CHILD("child"), OTHER("other");
        private final String code;

        Relationship(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }
    }

    public enum CoverageStatus implements Coded {
        ACTIVE("active"), CANCELLED("cancelled"), DRAFT("draft"), ENTERED_IN_ERROR("entered-in-error");
        private final String code;

        CoverageStatus(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }
    }

    /**
     * A payer. {@code authSecretName} names the environment variable holding the OAuth2 client
     * secret or API key; the secret itself is never sent or stored. {@code eligibilityRateLimit}
     * questions per {@code eligibilityRateWindowSeconds} is the pace of queued eligibility checks
     * (the day-before job's); left out, the configured default.
     */
    public record PayerRequest(@NotBlank @Size(max = 32) String payerCode,
                               @NotBlank @Size(max = 200) String name,
                               @NotNull PayerType type,
                               @Size(max = 500) String memberIdPattern,
                               @Size(max = 500) String baseUrl,
                               PayerAuth authType,
                               @Size(max = 500) String tokenUrl,
                               @Size(max = 200) String clientId,
                               @Size(max = 100) String apiKeyHeader,
                               @Size(max = 200) @Pattern(regexp = "PAYER_[A-Z0-9_]+",
                                       message = "must be the name of an environment variable starting with PAYER_")
                               String authSecretName,
                               @Min(100) @Max(60000) Integer connectTimeoutMs,
                               @Min(100) @Max(120000) Integer readTimeoutMs,
                               Boolean active,
                               @Pattern(regexp = "claim|bundle", message = "must be claim or bundle") String claimFormat,
                               @Pattern(regexp = "fhir|x12-clearinghouse", message = "must be fhir or x12-clearinghouse")
                               String channel,
                               @DecimalMin("0.1") @DecimalMax("1.0") BigDecimal circuitFailureRatio,
                               @Min(4) @Max(500) Integer circuitVolume,
                               @Min(1) @Max(3600) Integer circuitDelaySeconds,
                               @Min(1) @Max(100000) Integer eligibilityRateLimit,
                               @Min(1) @Max(3600) Integer eligibilityRateWindowSeconds) {
    }

    public record PayerView(UUID id, String payerCode, String name, PayerType type, String memberIdPattern,
                            String baseUrl, PayerAuth authType, String tokenUrl, String clientId, String apiKeyHeader,
                            String authSecretName, int connectTimeoutMs, int readTimeoutMs, boolean active,
                            String claimFormat, String channel, BigDecimal circuitFailureRatio, Integer circuitVolume,
                            Integer circuitDelaySeconds, Integer eligibilityRateLimit,
                            Integer eligibilityRateWindowSeconds, long version) {
    }

    public record PayerSummary(UUID id, String payerCode, String name, PayerType type) {
    }

    /** The policy holder when it is not the patient. */
    public record Subscriber(@Size(max = 200) String family, @Size(max = 200) String given, LocalDate birthDate,
                             @Size(max = 50) String memberId) {
    }

    public record CoverageRequest(@NotNull UUID payerId,
                                  @Size(max = 200) String planName,
                                  @Size(max = 50) String groupNumber,
                                  @NotBlank @Size(max = 50) String memberId,
                                  @NotNull CoverageOrder order,
                                  CoverageStatus status,
                                  Relationship relationship,
                                  @Valid Subscriber subscriber,
                                  LocalDate periodStart,
                                  LocalDate periodEnd,
                                  @DecimalMin("0") @Digits(integer = 8, fraction = 2) BigDecimal copay,
                                  @Schema(description = "A reference to a card image kept in another system (older "
                                          + "records); an image uploaded to PUT /api/v1/coverages/{id}/card/front "
                                          + "replaces it") @Size(max = 500) String cardFrontRef,
                                  @Schema(description = "As cardFrontRef, for the back") @Size(max = 500)
                                  String cardBackRef) {
    }

    public record CoverageView(UUID id, UUID patientId, PayerSummary payer, String planName, String groupNumber,
                               String memberId, CoverageOrder order, CoverageStatus status, Relationship relationship,
                               Subscriber subscriber, LocalDate periodStart, LocalDate periodEnd, BigDecimal copay,
                               String cardFrontRef, String cardBackRef, CardImage cardFront, CardImage cardBack,
                               EligibilitySummary latestEligibility,
                               long version, Instant createdAt, Instant updatedAt) {
    }

    /**
     * An image of one side of the insurance card, kept as a document of the patient.
     *
     * @param content where its bytes are served
     */
    public record CardImage(UUID documentId, String contentType, long size, String sha256, Instant addedAt,
                            String content) {
    }

    /** The patient's active coverages in their new order, primary first. */
    public record OrderRequest(@NotNull @Size(min = 1, max = 3) List<@NotNull UUID> coverageIds) {
    }

    /** The last day the coverage pays; today when left out. */
    public record EndRequest(LocalDate endDate) {
    }

    /**
     * What to ask the insurer: the benefit category (X12 service type / FHIR ex-benefitcategory,
     * e.g. 98 office visit, 30 health benefit plan coverage) on a service date.
     */
    public record EligibilityRequest(LocalDate serviceDate,
                                     @Pattern(regexp = "[A-Z0-9]{1,3}", message = "must be a benefit category code such as 98")
                                     String benefitCategory) {
    }

    public record EligibilitySummary(UUID checkId, String result, Instant checkedAt) {
    }

    public record EligibilityView(UUID id, UUID coverageId, UUID patientId, String benefitCategory,
                                  LocalDate serviceDate, String state, String result, String reason,
                                  LocalDate planStart, LocalDate planEnd, BigDecimal copay, BigDecimal deductible,
                                  BigDecimal deductibleRemaining, BigDecimal coinsurance, List<String> payerErrors,
                                  Integer httpStatus,
                                  int attempts, Instant requestedAt, Instant completedAt, String requestedBy,
                                  String origin) {
    }
}
