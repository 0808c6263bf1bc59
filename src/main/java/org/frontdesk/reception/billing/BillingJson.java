package org.frontdesk.reception.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The billing office's JSON: A/R aging, the denial queue, patient statements. */
final class BillingJson {

    private BillingJson() {
    }

    /** Amounts by age (days since the date of service): 0–30, 31–60, 61–90, over 90. */
    public record Buckets(BigDecimal days0to30, BigDecimal days31to60, BigDecimal days61to90, BigDecimal over90,
                          BigDecimal total) {
    }

    /** One payer's or patient's open A/R by age. */
    public record AgingRow(UUID id, String name, int items, Buckets buckets) {
    }

    public record Aging(String by, LocalDate asOf, List<AgingRow> rows, Buckets total) {
    }

    /** One denied amount on one claim. */
    public record DeniedClaim(UUID claimId, long controlNumber, UUID patientId, UUID payerId, String payerName,
                              LocalDate dateOfService, String claimStatus, String groupCode, BigDecimal amount,
                              List<String> remarks) {
    }

    /** The denials of one reason (CARC), the largest amount first. */
    public record DenialGroup(String reasonCode, String description, int claims, BigDecimal amount,
                              List<DeniedClaim> items) {
    }

    public record StatementRun(LocalDate statementDate, int created, int skippedInCycle, List<StatementSummary> statements) {
    }

    public record StatementSummary(UUID id, String guarantorName, List<UUID> patientIds, LocalDate statementDate,
                                   LocalDate dueDate, BigDecimal totalDue, int dunningLevel, Instant sentAt,
                                   String sentVia) {
    }

    /** One visit on a statement: what was charged, what insurers paid and adjusted, what the patient owes and paid. */
    public record StatementVisit(UUID appointmentId, LocalDate visitDay, String description, BigDecimal charges,
                                 BigDecimal insurancePaid, BigDecimal adjustments, BigDecimal patientResponsibility,
                                 BigDecimal patientPaid, BigDecimal balance) {
    }

    public record StatementAccount(UUID patientId, String patientName, String mrn, List<StatementVisit> visits,
                                   BigDecimal credits, BigDecimal balance) {
    }

    /** A patient statement as issued (kept as it was). */
    public record Statement(UUID id, String practiceName, List<String> practiceAddress, String guarantorName,
                            List<String> guarantorAddress, LocalDate statementDate, LocalDate dueDate, int dunningLevel,
                            String notice, List<StatementAccount> accounts, BigDecimal totalDue, String footer,
                            Instant sentAt, String sentVia, String sentBy) {
    }

    public record SentRequest(@jakarta.validation.constraints.NotNull
                              @jakarta.validation.constraints.Pattern(regexp = "mail|email|portal",
                                      message = "must be mail, email or portal") String via) {
    }

    public record RunRequest(LocalDate statementDate) {
    }
}
