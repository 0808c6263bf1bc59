package org.frontdesk.reception.payments;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the desk's money endpoints take and give. Amounts are exact decimals with two places. */
final class PaymentJson {

    private PaymentJson() {
    }

    public record PaymentRequest(@NotNull UUID patientId, UUID appointmentId, UUID locationId,
                                 @NotBlank String method,
                                 @NotNull @DecimalMin(value = "0.01", message = "must be at least 0.01")
                                 @Digits(integer = 10, fraction = 2, message = "must have at most two decimals") BigDecimal amount,
                                 String currency, String cardLast4, @Size(max = 100) String processorReference,
                                 @Size(max = 30) String checkNumber) {
    }

    public record RefundRequest(@NotNull @DecimalMin(value = "0.01", message = "must be at least 0.01")
                                @Digits(integer = 10, fraction = 2, message = "must have at most two decimals") BigDecimal amount,
                                @NotBlank @Size(max = 500) String reason, UUID locationId) {
    }

    public record VoidRequest(@NotBlank @Size(max = 500) String reason) {
    }

    public record FeeRequest(@NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal amount,
                             @NotNull LocalDate effectiveFrom) {
    }

    public record CloseRequest(@NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal countedCash,
                               @Size(max = 1000) String note, @Size(max = 200) String drawer) {
    }

    public record CorrectionRequest(@NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal countedCash,
                                    @NotBlank @Size(max = 1000) String note) {
    }

    public record PaymentView(UUID id, long receiptNumber, String kind, UUID patientId, UUID appointmentId,
                              UUID locationId, LocalDate businessDate, String drawer, String method, BigDecimal amount,
                              String currency, String cardLast4, String processorReference, String checkNumber,
                              UUID originalId, String reason, Instant takenAt, String takenBy,
                              BigDecimal refundable, boolean voided) {
    }

    public record AmountDue(UUID appointmentId, UUID patientId, String currency, String chargeKind,
                            BigDecimal visitCharge, String chargeSource, boolean chargeFixed, boolean adjudicated,
                            BigDecimal paidForVisit, BigDecimal visitBalance, BigDecimal earlierBalance,
                            BigDecimal totalDue) {
    }

    public record BalanceLine(UUID appointmentId, LocalDate visitDate, String chargeKind, BigDecimal owed,
                              boolean adjudicated, BigDecimal paid, BigDecimal balance) {
    }

    public record Balance(UUID patientId, String currency, List<BalanceLine> visits, BigDecimal unappliedPayments,
                          BigDecimal balance) {
    }

    public record MethodTotals(BigDecimal cash, BigDecimal card, BigDecimal check, BigDecimal total) {
    }

    public record CloseView(UUID id, String kind, UUID correctsId, BigDecimal countedCash, BigDecimal expectedCash,
                            BigDecimal difference, boolean flagged, String note, Instant closedAt, String closedBy) {
    }

    public record DrawerDay(String drawer, int entries, MethodTotals expected, boolean closed, CloseView close,
                            List<CloseView> corrections) {
    }

    public record LocationDay(UUID locationId, LocalDate date, String currency, List<DrawerDay> drawers,
                              MethodTotals expected) {
    }
}
