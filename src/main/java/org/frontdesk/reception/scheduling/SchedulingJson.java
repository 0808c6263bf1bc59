package org.frontdesk.reception.scheduling;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** The JSON of the scheduling face: requests the desk sends and views it reads. */
public final class SchedulingJson {

    private SchedulingJson() {
    }

    /** A practice location. {@code timeZone} is an IANA zone such as America/New_York. */
    public record LocationRequest(@NotBlank @Size(max = 200) String name,
                                  @NotBlank @Size(max = 64) String timeZone,
                                  @Size(max = 100) String phone) {
        @JsonIgnore
        @AssertTrue(message = "must be an IANA time zone such as America/New_York")
        public boolean isZone() {
            try {
                return timeZone == null || ZoneId.of(timeZone) != null;
            } catch (DateTimeException e) {
                return false;
            }
        }
    }

    public record LocationView(UUID id, String name, String timeZone, String phone, boolean active, long version) {
    }

    /** A practitioner; {@code npi} is the 10-digit National Provider Identifier. */
    public record PractitionerRequest(@NotNull @Pattern(regexp = "\\d{10}", message = "must be 10 digits") String npi,
                                      @NotBlank @Size(max = 200) String family,
                                      @Size(max = 200) String given,
                                      @Size(max = 40) String prefix,
                                      @Size(max = 40) String suffix,
                                      @Pattern(regexp = "[0-9A-Z]{9}X", message = "must be a NUCC taxonomy code such as 207Q00000X")
                                      String taxonomyCode) {
        @JsonIgnore
        @AssertTrue(message = "must have a valid NPI check digit")
        public boolean isNpiChecked() {
            return npi == null || !npi.matches("\\d{10}") || Npi.isValid(npi);
        }
    }

    public record PractitionerView(UUID id, String npi, String family, String given, String prefix, String suffix,
                                   String taxonomyCode, boolean active, long version) {
    }

    public record VisitTypeRequest(@NotBlank @Size(max = 32) String code,
                                   @NotBlank @Size(max = 200) String name,
                                   @Min(5) @Max(480) int durationMinutes,
                                   @Min(0) @Max(120) int bufferBeforeMinutes,
                                   @Min(0) @Max(120) int bufferAfterMinutes,
                                   @Pattern(regexp = "[A-Z0-9]{1,3}", message = "must be a benefit category code such as 98")
                                   String benefitCategory) {
    }

    public record VisitTypeView(UUID id, String code, String name, int durationMinutes, int bufferBeforeMinutes,
                                int bufferAfterMinutes, String benefitCategory, boolean active, long version) {
    }

    /**
     * Weekly hours at a location, in its wall-clock time; {@code dayOfWeek} 1 = Monday. An end at
     * or before the start runs past midnight.
     */
    public record AvailabilityRequest(@NotNull UUID locationId,
                                      @Min(1) @Max(7) int dayOfWeek,
                                      @NotNull LocalTime startTime,
                                      @NotNull LocalTime endTime,
                                      @NotNull LocalDate validFrom,
                                      LocalDate validTo) {
        @JsonIgnore
        @AssertTrue(message = "must not end before it starts")
        public boolean isOrdered() {
            return validTo == null || validFrom == null || !validTo.isBefore(validFrom);
        }
    }

    public record AvailabilityView(UUID id, UUID practitionerId, UUID locationId, int dayOfWeek, LocalTime startTime,
                                   LocalTime endTime, LocalDate validFrom, LocalDate validTo) {
    }

    /** Blocked time of a practitioner, or a location's holiday when no practitioner is given. */
    public record ExceptionRequest(UUID practitionerId, UUID locationId, @NotNull Instant startsAt,
                                   @NotNull Instant endsAt, @NotBlank @Size(max = 200) String reason) {
        @JsonIgnore
        @AssertTrue(message = "must end after it starts and name a practitioner or a location")
        public boolean isOrdered() {
            return (startsAt == null || endsAt == null || endsAt.isAfter(startsAt))
                    && (practitionerId != null || locationId != null);
        }
    }

    public record ExceptionView(UUID id, UUID practitionerId, UUID locationId, Instant startsAt, Instant endsAt,
                                String reason) {
    }

    /** A free time; {@code localStart} is the same instant on the location's wall clock. */
    public record SlotView(UUID practitionerId, UUID locationId, UUID visitTypeId, Instant start, Instant end,
                           LocalDateTime localStart, String timeZone) {
    }

    public record HoldRequest(@NotNull UUID practitionerId, @NotNull UUID locationId, @NotNull UUID visitTypeId,
                              @NotNull Instant start) {
    }

    /** A held slot: book it before {@code expiresAt} with {@code holdToken}. */
    public record HoldView(UUID appointmentId, String holdToken, Instant expiresAt, UUID practitionerId,
                           UUID locationId, UUID visitTypeId, Instant start, Instant end) {
    }

    /**
     * A booking. {@code holdToken} books a held slot; {@code overbookReason} asks to book over an
     * existing appointment (only the configured role may).
     */
    public record BookingRequest(@NotNull UUID patientId, @NotNull UUID practitionerId, @NotNull UUID locationId,
                                 @NotNull UUID visitTypeId, @NotNull Instant start,
                                 @Size(max = 64) String holdToken,
                                 @Size(max = 500) String overbookReason,
                                 @Size(max = 1000) String comment) {
    }

    public record RescheduleRequest(@NotNull Instant start, UUID practitionerId) {
    }

    public record ReasonRequest(@Size(max = 500) String reason) {
    }

    public record StatusChangeView(String from, String to, String reason, Instant changedAt, String changedBy) {
    }

    public record AppointmentView(UUID id, UUID patientId, UUID practitionerId, UUID locationId, UUID visitTypeId,
                                  AppointmentStatus status, Instant start, Instant end, boolean overbooked,
                                  String overbookApprovedBy, String overbookReason, String cancellationReason,
                                  UUID rescheduledFrom, UUID offeredFrom, String holdToken, Instant holdExpiresAt,
                                  String comment, Instant confirmedAt, long version, List<StatusChangeView> history) {
    }

    /**
     * A patient waiting for an earlier time with a practitioner: when a booked time in the
     * window is cancelled, it is held for the first matching entry (oldest first).
     */
    public record WaitlistRequest(@NotNull UUID patientId, @NotNull UUID practitionerId, @NotNull UUID locationId,
                                  @NotNull UUID visitTypeId, @NotNull Instant earliest, @NotNull Instant latest,
                                  @Size(max = 1000) String comment) {
        @JsonIgnore
        @AssertTrue(message = "must end after it starts")
        public boolean isOrdered() {
            return earliest == null || latest == null || latest.isAfter(earliest);
        }
    }

    /**
     * One entry of a location's waitlist (oldest first): who waits, for whom and what, in which
     * window, since when, and the time offered to them now, if any.
     */
    public record WaitlistEntry(UUID id, UUID patientId, String patientName, UUID practitionerId, String practitionerName,
                                UUID visitTypeId, String visitType, Instant earliest, Instant latest, Instant since,
                                String comment, WaitlistOffer offer) {
    }

    /**
     * A time offered to a waitlist entry and held for them until {@code expiresAt}: book it with
     * {@code holdToken}, or decline it (it passes on). {@code messageState}: how the patient was told
     * ({@code pending}, {@code sent}, {@code failed}, {@code skipped}; null when no message was asked for).
     */
    public record WaitlistOffer(UUID appointmentId, Instant start, LocalDateTime localStart, Instant expiresAt,
                                String holdToken, String messageState) {
    }

    /** One page of a location's waitlist. */
    public record WaitlistPage(List<WaitlistEntry> entries, int offset, int limit, long total) {
    }

    /**
     * One line of the front-desk day: who is due, who arrived, who is late, and whether their
     * primary coverage's eligibility is known and fresh ({@code eligibility} is the last result,
     * or {@code not-checked}; {@code eligibilityStale} when there is none or it is older than
     * {@code reception.coverage.eligibility-fresh-days} before the visit). {@code eligibilityFailed}
     * flags a check the desk must act on (the insurer said inactive, or there is no usable answer:
     * an error, a timeout, no answer) with {@code eligibilityReason} saying why. {@code confirmedAt}:
     * when the patient confirmed (a reply to a reminder).
     */
    public record DayEntry(UUID appointmentId, Instant start, Instant end, LocalTime localStart, AppointmentStatus status,
                           UUID patientId, String patientName, String mrn, UUID practitionerId,
                           String practitionerName, String visitType, boolean late, Integer minutesLate,
                           UUID coverageId, String eligibility, Instant eligibilityCheckedAt, boolean eligibilityStale,
                           Instant confirmedAt, boolean eligibilityFailed, String eligibilityReason,
                           IntakeFormState intakeForm) {
    }

    /**
     * A visit's intake form on the day list: {@code state} of the latest link sent (sent, opened,
     * completed, expired, revoked) and how many changes its answers propose that wait for the desk.
     */
    public record IntakeFormState(String state, int changesWaiting) {
    }

    /** Which coverage to check for an appointment; the patient's primary one in force that day when left out. */
    public record AppointmentEligibilityRequest(UUID coverageId) {
    }
}
