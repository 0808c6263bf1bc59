package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;

/** Kind of contact point (FHIR contact point system). */
public enum TelecomSystem implements Coded {
    PHONE("phone"),
    FAX("fax"),
    EMAIL("email"),
    PAGER("pager"),
    URL("url"),
    SMS("sms"),
    OTHER("other");

    private final String code;

    TelecomSystem(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
