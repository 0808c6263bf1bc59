package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;

/** Administrative gender (FHIR codes). */
public enum Gender implements Coded {
    MALE("male"),
    FEMALE("female"),
    OTHER("other"),
    UNKNOWN("unknown");

    private final String code;

    Gender(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
