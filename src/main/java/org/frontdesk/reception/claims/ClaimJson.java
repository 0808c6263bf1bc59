package org.frontdesk.reception.claims;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The JSON of the claims API. */
final class ClaimJson {

    private ClaimJson() {
    }

    /** A service line; charge defaults to the fee schedule times units, the date to the visit's. */
    public record LineJson(@NotBlank @Size(max = 12) String code,
                           @Size(max = 4) List<@NotBlank @Size(max = 2) String> modifiers,
                           @NotNull @Min(1) @Max(9999) Integer units,
                           @NotNull @Size(min = 1, max = 4) List<@NotNull Integer> diagnosisPointers,
                           @DecimalMin("0") @Digits(integer = 8, fraction = 2) BigDecimal charge,
                           LocalDate dateOfService) {
    }

    public record ClaimRequest(@NotNull UUID appointmentId,
                               @Size(max = 12) List<@NotBlank @Size(max = 12) String> diagnoses,
                               @Size(max = 50) List<@Valid @NotNull LineJson> lines) {
    }

    public record ClaimEdit(@NotNull @Size(max = 12) List<@NotBlank @Size(max = 12) String> diagnoses,
                            @NotNull @Size(max = 50) List<@Valid @NotNull LineJson> lines) {
    }

    public record StatusChange(ClaimStatus from, ClaimStatus to, String reason, Instant at, String by) {
    }

    public record Delivery(int submission, String idempotencyKey, String state, int attempts, Instant nextAttemptAt,
                           String lastError, Instant sentAt) {
    }

    public record ResponseView(Instant receivedAt, String source, String outcome, String payerClaimNumber,
                               BigDecimal totalPaid, BigDecimal patientResponsibility, String reasons) {
    }

    public record ClaimView(UUID id, UUID appointmentId, UUID patientId, UUID coverageId, UUID payerId, ClaimStatus status,
                            String statusReason, String frequency, UUID originalClaimId, String payerClaimNumber,
                            LocalDate dateOfService, String placeOfService, String billingNpi, BigDecimal totalCharge,
                            BigDecimal paidAmount, BigDecimal patientResponsibility, List<String> diagnoses,
                            List<ClaimLine> lines, List<StatusChange> history, List<Delivery> deliveries,
                            List<ResponseView> responses, long version) {
    }

    public record FeeRequest(@NotNull @DecimalMin("0") @Digits(integer = 8, fraction = 2) BigDecimal charge,
                             @NotNull LocalDate effectiveFrom) {
    }

    /** A claim a payer has answered, with what it left, and the coverage that comes next (a claim to it is due). */
    public record SecondaryWaiting(UUID claimId, long controlNumber, UUID patientId, LocalDate dateOfService, UUID payerId,
                                   BigDecimal totalCharge, BigDecimal paid, BigDecimal patientResponsibility,
                                   UUID nextCoverageId, UUID nextPayerId, String nextPayerName, boolean forwardedByPayer) {
    }

    /** An exported 837P batch: its envelope numbers, claims and total. */
    public record Batch(UUID id, UUID payerId, String senderId, String receiverId, long interchangeNumber,
                        long groupNumber, int claimCount, BigDecimal totalCharge, java.time.Instant createdAt,
                        String createdBy) {
    }
}
