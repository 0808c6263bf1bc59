package org.frontdesk.reception.scheduling;

import org.frontdesk.reception.shared.Coded;

/** The FHIR R4 appointment statuses, with their codes. */
public enum AppointmentStatus implements Coded {
    PROPOSED("proposed"),
    PENDING("pending"),
    BOOKED("booked"),
    ARRIVED("arrived"),
    FULFILLED("fulfilled"),
    CANCELLED("cancelled"),
    NOSHOW("noshow"),
    ENTERED_IN_ERROR("entered-in-error"),
    CHECKED_IN("checked-in"),
    WAITLIST("waitlist");

    private final String code;

    AppointmentStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    public static AppointmentStatus fromCode(String code) {
        for (AppointmentStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown appointment status " + code);
    }
}
