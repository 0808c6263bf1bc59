package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;

/** Sex assigned at birth (US Core birth sex codes). */
public enum BirthSex implements Coded {
    FEMALE("F"),
    MALE("M"),
    UNKNOWN("UNK");

    private final String code;

    BirthSex(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
