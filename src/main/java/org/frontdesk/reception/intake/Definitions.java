package org.frontdesk.reception.intake;

import java.util.Map;
import java.util.Set;

/**
 * The SDC {@code Questionnaire.item.definition}s we understand: a fixed list mapped in code, not a
 * general extraction engine. An answer on such an item proposes a change to the patient (address,
 * phone) or a new coverage (an insurance card); any other definition is refused when the form is
 * published. Each maps to the item types it may have.
 */
final class Definitions {

    static final String PATIENT = "http://hl7.org/fhir/StructureDefinition/Patient#";
    static final String COVERAGE = "http://hl7.org/fhir/StructureDefinition/Coverage#";

    static final String ADDRESS = PATIENT + "Patient.address";
    static final String ADDRESS_LINE = PATIENT + "Patient.address.line";
    static final String ADDRESS_CITY = PATIENT + "Patient.address.city";
    static final String ADDRESS_STATE = PATIENT + "Patient.address.state";
    static final String ADDRESS_POSTAL_CODE = PATIENT + "Patient.address.postalCode";
    static final String PHONE = PATIENT + "Patient.telecom.value";
    static final String PHONE_USE = PATIENT + "Patient.telecom.use";
    static final String COVERAGE_GROUP = COVERAGE + "Coverage";
    static final String SUBSCRIBER_ID = COVERAGE + "Coverage.subscriberId";
    static final String PAYOR = COVERAGE + "Coverage.payor";
    static final String GROUP_NUMBER = COVERAGE + "Coverage.class.value";
    static final String RELATIONSHIP = COVERAGE + "Coverage.relationship";
    static final String PERIOD_START = COVERAGE + "Coverage.period.start";

    /** Each definition we understand, with the item types it may be on. */
    static final Map<String, Set<String>> TYPES = Map.ofEntries(
            Map.entry(ADDRESS, Set.of("group")),
            Map.entry(ADDRESS_LINE, Set.of("string", "text")),
            Map.entry(ADDRESS_CITY, Set.of("string")),
            Map.entry(ADDRESS_STATE, Set.of("string", "choice", "open-choice")),
            Map.entry(ADDRESS_POSTAL_CODE, Set.of("string")),
            Map.entry(PHONE, Set.of("string")),
            Map.entry(PHONE_USE, Set.of("choice")),
            Map.entry(COVERAGE_GROUP, Set.of("group")),
            Map.entry(SUBSCRIBER_ID, Set.of("string")),
            Map.entry(PAYOR, Set.of("choice", "open-choice", "string", "reference")),
            Map.entry(GROUP_NUMBER, Set.of("string")),
            Map.entry(RELATIONSHIP, Set.of("choice")),
            Map.entry(PERIOD_START, Set.of("date")));

    /** The longest answer each definition takes: what the patient's and coverage's records keep. */
    static final Map<String, Integer> MAX_LENGTH = Map.of(ADDRESS_LINE, 200, ADDRESS_CITY, 200, ADDRESS_STATE, 200,
            ADDRESS_POSTAL_CODE, 32, PHONE, 400, SUBSCRIBER_ID, org.frontdesk.reception.coverage.CoverageService.MAX_MEMBER_ID, PAYOR, 200, GROUP_NUMBER, 50);

    /** The most answers a definition takes (an address has at most four lines). */
    static final Map<String, Integer> MAX_ANSWERS = Map.of(ADDRESS_LINE, 4);

    /** The codes a coded definition takes, where our record keeps only some. */
    static final Map<String, Set<String>> CODES = Map.of(PHONE_USE, Set.of("home", "work", "temp", "mobile"));

    /** Which proposed change a definition's answer feeds; null for a group's own definition. */
    static String kind(String definition) {
        if (definition.startsWith(PATIENT + "Patient.address.")) {
            return "address";
        }
        if (definition.startsWith(PATIENT + "Patient.telecom.")) {
            return "phone";
        }
        if (definition.startsWith(COVERAGE + "Coverage.")) {
            return "coverage";
        }
        return null;
    }

    private Definitions() {
    }
}
