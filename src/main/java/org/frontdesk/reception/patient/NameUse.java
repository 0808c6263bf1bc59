package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;

/** What a name is used for (FHIR name use). */
public enum NameUse implements Coded {
    USUAL("usual"),
    OFFICIAL("official"),
    TEMP("temp"),
    NICKNAME("nickname"),
    ANONYMOUS("anonymous"),
    OLD("old"),
    MAIDEN("maiden");

    private final String code;

    NameUse(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
