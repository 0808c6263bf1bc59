package org.frontdesk.reception.patient;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A person related to the patient: emergency contact, next of kin, guarantor, employer.
 *
 * @param relationship HL7 v3 RoleCode of the personal relationship, e.g. SPS (spouse), MTH (mother), CHILD
 */
record ContactJson(
        @NotEmpty @Size(max = 5) List<@NotNull ContactRole> roles,
        @Size(max = 32) @Pattern(regexp = "[A-Z]{2,10}", message = "must be an HL7 RoleCode such as SPS, MTH, FTH, CHILD")
        String relationship,
        @Size(max = 200) String family,
        @Size(max = 5) List<@NotBlank @Size(max = 100) String> given,
        @Size(max = 400) String nameText,
        @Size(max = 100) String phone,
        @Email @Size(max = 200) String email,
        @Size(max = 4) List<@NotBlank @Size(max = 200) String> line,
        @Size(max = 200) String city,
        @Size(max = 200) String state,
        @Size(max = 32) String postalCode,
        @Size(max = 100) String country,
        Gender gender,
        @Size(max = 400) String organizationName) {

    @JsonIgnore
    @AssertTrue(message = "must have a name or an organization name")
    public boolean isNamed() {
        return (family != null && !family.isBlank()) || (given != null && !given.isEmpty())
                || (nameText != null && !nameText.isBlank())
                || (organizationName != null && !organizationName.isBlank());
    }
}
