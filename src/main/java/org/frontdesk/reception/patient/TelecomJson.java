package org.frontdesk.reception.patient;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** A phone number or e-mail address; rank 1 is the preferred one. */
record TelecomJson(
        @NotNull TelecomSystem system,
        @NotBlank @Size(max = 400) String value,
        TelecomUse use,
        @Positive Integer rank) {
}
