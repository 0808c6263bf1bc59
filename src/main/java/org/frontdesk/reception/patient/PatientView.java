package org.frontdesk.reception.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A patient as the desk reads them. {@code version} is the value to send back in If-Match (also in the ETag header). */
record PatientView(
        UUID id,
        String mrn,
        long version,
        boolean active,
        List<NameJson> names,
        Gender gender,
        LocalDate birthDate,
        List<IdentifierJson> identifiers,
        List<TelecomJson> telecoms,
        List<AddressJson> addresses,
        String preferredLanguage,
        List<String> race,
        String raceText,
        List<String> ethnicity,
        String ethnicityText,
        BirthSex birthSex,
        List<ContactJson> contacts,
        ConsentJson consent,
        Boolean deceased,
        Instant createdAt,
        Instant updatedAt) {
}
