package org.frontdesk.reception.patient;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.List;

/** A postal or physical address. */
record AddressJson(
        AddressUse use,
        AddressType type,
        @Size(max = 4) List<@NotBlank @Size(max = 200) String> line,
        @Size(max = 200) String city,
        @Size(max = 200) String district,
        @Size(max = 200) String state,
        @Size(max = 32) String postalCode,
        @Size(max = 100) String country,
        @Size(max = 600) String text) {
}
