package org.frontdesk.reception.patient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/**
 * A patient as the desk registers or updates them. Fields the server owns (id, mrn, version,
 * timestamps) are ignored when sent back, so a read record can be edited and sent as is.
 *
 * @param preferredLanguage BCP-47 tag, e.g. {@code en}, {@code es-MX}
 * @param race              OMB race category codes: 1002-5, 2028-9, 2054-5, 2076-8, 2106-3, or UNK / ASKU
 * @param ethnicity         OMB ethnicity codes: 2135-2 (Hispanic or Latino), 2186-5 (not), or UNK / ASKU
 */
@JsonIgnoreProperties(value = {"id", "mrn", "version", "createdAt", "updatedAt"}, allowGetters = false)
public record PatientRequest(
        @NotEmpty @Size(max = 10) List<@NotNull @Valid NameJson> names,
        @NotNull Gender gender,
        @NotNull @PastOrPresent LocalDate birthDate,
        @Size(max = 20) List<@NotNull @Valid IdentifierJson> identifiers,
        @Size(max = 20) List<@NotNull @Valid TelecomJson> telecoms,
        @Size(max = 10) List<@NotNull @Valid AddressJson> addresses,
        @Size(max = 35) @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a BCP-47 language tag such as en or es-MX")
        String preferredLanguage,
        @Size(max = 6) List<@NotNull @Pattern(regexp = "1002-5|2028-9|2054-5|2076-8|2106-3|UNK|ASKU",
                message = "must be an OMB race category code: 1002-5, 2028-9, 2054-5, 2076-8, 2106-3, UNK or ASKU") String> race,
        @Size(max = 200) String raceText,
        @Size(max = 1) List<@NotNull @Pattern(regexp = "2135-2|2186-5|UNK|ASKU",
                message = "must be an OMB ethnicity code: 2135-2, 2186-5, UNK or ASKU") String> ethnicity,
        @Size(max = 200) String ethnicityText,
        BirthSex birthSex,
        @Size(max = 10) List<@NotNull @Valid ContactJson> contacts,
        @Valid ConsentJson consent,
        Boolean active) {

    /** Absent lists mean "none": a full update replaces them with nothing. */
    public PatientRequest {
        names = names == null ? List.of() : names;
        identifiers = identifiers == null ? List.of() : identifiers;
        telecoms = telecoms == null ? List.of() : telecoms;
        addresses = addresses == null ? List.of() : addresses;
        race = race == null ? List.of() : race;
        ethnicity = ethnicity == null ? List.of() : ethnicity;
        contacts = contacts == null ? List.of() : contacts;
    }
}
