package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;

/** What an identifier is used for (FHIR identifier use). */
public enum IdentifierUse implements Coded {
    USUAL("usual"),
    OFFICIAL("official"),
    TEMP("temp"),
    SECONDARY("secondary"),
    OLD("old");

    private final String code;

    IdentifierUse(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
