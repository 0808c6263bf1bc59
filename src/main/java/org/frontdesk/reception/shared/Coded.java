package org.frontdesk.reception.shared;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum of the JSON face whose wire value (and database value) is a code, e.g. a FHIR code. */
public interface Coded {

    @JsonValue
    String code();
}
