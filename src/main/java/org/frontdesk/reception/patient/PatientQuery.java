package org.frontdesk.reception.patient;

import java.time.LocalDate;
import java.util.List;

/**
 * What a search for patients asks, the same for both faces. Every criterion given must hold;
 * string criteria match case- and accent-insensitively from the start of a word.
 *
 * @param nameWords   every word must start a word of one of the patient's names
 * @param family      prefix of a family name
 * @param given       prefix of a given name
 * @param birthDates  date conditions, all of which must hold
 * @param identifiers identifier conditions, any of which may match
 * @param phone       a phone number, in any punctuation
 * @param email       an e-mail address
 * @param telecom     a phone number or e-mail address
 * @param gender      FHIR administrative gender code
 * @param mrn         our medical record number
 */
public record PatientQuery(List<String> nameWords, String family, String given, List<DateCondition> birthDates,
                           List<IdentifierCondition> identifiers, String phone, String email, String telecom,
                           String gender, String mrn) {

    public PatientQuery {
        nameWords = nameWords == null ? List.of() : List.copyOf(nameWords);
        birthDates = birthDates == null ? List.of() : List.copyOf(birthDates);
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }

    public static PatientQuery empty() {
        return new PatientQuery(null, null, null, null, null, null, null, null, null, null);
    }

    /** A birth-date condition: comparator and the inclusive range a (possibly partial) date covers. */
    public record DateCondition(Comparator comparator, LocalDate from, LocalDate to) {
    }

    public enum Comparator { EQ, NE, GT, LT, GE, LE }

    /** {@code system|value}; a null system matches any, a null value any value in the system. */
    public record IdentifierCondition(String system, String value) {
    }
}
