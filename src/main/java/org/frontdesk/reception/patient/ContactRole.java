package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;

/** Role of a related person; the FHIR face carries it as the HL7 v2 table 0131 code (C, N, BP, E, O). */
public enum ContactRole implements Coded {
    EMERGENCY_CONTACT("emergency-contact"),
    NEXT_OF_KIN("next-of-kin"),
    GUARANTOR("guarantor"),
    EMPLOYER("employer"),
    OTHER("other");

    private final String code;

    ContactRole(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
