package org.frontdesk.reception.patient;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.List;

/** A person's name as the desk types it. */
record NameJson(
        NameUse use,
        @Size(max = 200) String family,
        @Size(max = 5) List<@NotBlank @Size(max = 100) String> given,
        @Size(max = 3) List<@NotBlank @Size(max = 40) String> prefix,
        @Size(max = 3) List<@NotBlank @Size(max = 40) String> suffix,
        @Size(max = 400) String text) {

    @JsonIgnore
    @AssertTrue(message = "must have a family name, a given name or a text")
    public boolean isNamed() {
        return (family != null && !family.isBlank()) || (given != null && !given.isEmpty())
                || (text != null && !text.isBlank());
    }
}
