package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;

/** Postal, physical or both (FHIR address type). */
public enum AddressType implements Coded {
    POSTAL("postal"),
    PHYSICAL("physical"),
    BOTH("both");

    private final String code;

    AddressType(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
