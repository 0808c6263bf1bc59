package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;

/** What a contact point is used for (FHIR contact point use). */
public enum TelecomUse implements Coded {
    HOME("home"),
    WORK("work"),
    TEMP("temp"),
    OLD("old"),
    MOBILE("mobile");

    private final String code;

    TelecomUse(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
