package org.frontdesk.reception.fhir;

import java.util.List;

/**
 * What one feature implements for one FHIR resource type, as listed in the CapabilityStatement.
 *
 * @param type         resource type, e.g. {@code Patient}
 * @param profile      canonical URL of the profile our output follows, or null for base R4
 * @param interactions FHIR restful interaction codes: read, vread, update, create, search-type, history-instance
 * @param conditionalCreate whether If-None-Exist is honoured
 * @param searchParams the search parameters understood
 * @param operations   the operations offered on the type
 */
public record ResourceCapability(String type, String profile, List<String> interactions, boolean conditionalCreate,
                                 List<SearchParam> searchParams, List<Operation> operations) {

    /** A search parameter: name, FHIR search type (string, token, date, ...), and what it matches. */
    public record SearchParam(String name, String type, String documentation) {
    }

    /** An operation, e.g. {@code match} defined by {@code http://hl7.org/fhir/OperationDefinition/Patient-match}. */
    public record Operation(String name, String definition) {
    }
}
