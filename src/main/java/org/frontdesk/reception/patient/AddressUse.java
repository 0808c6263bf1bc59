package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;

/** What an address is used for (FHIR address use). */
public enum AddressUse implements Coded {
    HOME("home"),
    WORK("work"),
    TEMP("temp"),
    OLD("old"),
    BILLING("billing");

    private final String code;

    AddressUse(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
