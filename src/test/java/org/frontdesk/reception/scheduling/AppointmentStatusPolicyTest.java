package org.frontdesk.reception.scheduling;

import org.frontdesk.reception.shared.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.frontdesk.reception.scheduling.AppointmentStatus.*;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every status change, allowed and refused, against the table the desk agreed on. */
class AppointmentStatusPolicyTest {

    private static final Map<AppointmentStatus, Set<AppointmentStatus>> EXPECTED = Map.of(
            PROPOSED, EnumSet.of(PENDING, BOOKED, CANCELLED, ENTERED_IN_ERROR),
            PENDING, EnumSet.of(BOOKED, CANCELLED, ENTERED_IN_ERROR),
            WAITLIST, EnumSet.of(BOOKED, CANCELLED, ENTERED_IN_ERROR),
            BOOKED, EnumSet.of(ARRIVED, CHECKED_IN, CANCELLED, NOSHOW, ENTERED_IN_ERROR),
            ARRIVED, EnumSet.of(CHECKED_IN, FULFILLED, CANCELLED, ENTERED_IN_ERROR),
            CHECKED_IN, EnumSet.of(FULFILLED, ENTERED_IN_ERROR),
            NOSHOW, EnumSet.of(ARRIVED, CHECKED_IN, ENTERED_IN_ERROR),
            FULFILLED, EnumSet.of(ENTERED_IN_ERROR),
            CANCELLED, EnumSet.of(ENTERED_IN_ERROR),
            ENTERED_IN_ERROR, EnumSet.noneOf(AppointmentStatus.class));

    @ParameterizedTest
    @EnumSource(AppointmentStatus.class)
    void eachStatusMayBecomeExactlyTheAgreedOnes(AppointmentStatus from) {
        for (AppointmentStatus to : AppointmentStatus.values()) {
            boolean expected = EXPECTED.get(from).contains(to);
            assertEquals(expected, AppointmentStatusPolicy.allows(from, to), from + " -> " + to);
            if (expected) {
                assertDoesNotThrow(() -> AppointmentStatusPolicy.check(from, to, "a reason"));
            } else {
                ProblemException e = assertThrows(ProblemException.class,
                        () -> AppointmentStatusPolicy.check(from, to, "a reason"));
                assertEquals(409, e.problem().status());
            }
        }
    }

    @Test
    void cancellingAndNoShowNeedAReason() {
        assertEquals(400, assertThrows(ProblemException.class,
                () -> AppointmentStatusPolicy.check(BOOKED, CANCELLED, " ")).problem().status());
        assertEquals(400, assertThrows(ProblemException.class,
                () -> AppointmentStatusPolicy.check(BOOKED, NOSHOW, null)).problem().status());
        assertDoesNotThrow(() -> AppointmentStatusPolicy.check(BOOKED, CHECKED_IN, null));
    }
}
