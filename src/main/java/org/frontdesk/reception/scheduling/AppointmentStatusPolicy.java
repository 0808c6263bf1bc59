package org.frontdesk.reception.scheduling;

import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.frontdesk.reception.scheduling.AppointmentStatus.ARRIVED;
import static org.frontdesk.reception.scheduling.AppointmentStatus.BOOKED;
import static org.frontdesk.reception.scheduling.AppointmentStatus.CANCELLED;
import static org.frontdesk.reception.scheduling.AppointmentStatus.CHECKED_IN;
import static org.frontdesk.reception.scheduling.AppointmentStatus.ENTERED_IN_ERROR;
import static org.frontdesk.reception.scheduling.AppointmentStatus.FULFILLED;
import static org.frontdesk.reception.scheduling.AppointmentStatus.NOSHOW;
import static org.frontdesk.reception.scheduling.AppointmentStatus.PENDING;
import static org.frontdesk.reception.scheduling.AppointmentStatus.PROPOSED;
import static org.frontdesk.reception.scheduling.AppointmentStatus.WAITLIST;

/**
 * The one place that decides which status changes an appointment may make, and which need a
 * reason. A no-show may still turn into an arrival (the patient came late, after the job ran);
 * anything may be marked entered-in-error; nothing leaves entered-in-error.
 */
final class AppointmentStatusPolicy {

    private static final Map<AppointmentStatus, Set<AppointmentStatus>> ALLOWED = new EnumMap<>(AppointmentStatus.class);

    static {
        ALLOWED.put(PROPOSED, EnumSet.of(PENDING, BOOKED, CANCELLED, ENTERED_IN_ERROR));
        ALLOWED.put(PENDING, EnumSet.of(BOOKED, CANCELLED, ENTERED_IN_ERROR));
        ALLOWED.put(WAITLIST, EnumSet.of(BOOKED, CANCELLED, ENTERED_IN_ERROR));
        ALLOWED.put(BOOKED, EnumSet.of(ARRIVED, CHECKED_IN, CANCELLED, NOSHOW, ENTERED_IN_ERROR));
        ALLOWED.put(ARRIVED, EnumSet.of(CHECKED_IN, FULFILLED, CANCELLED, ENTERED_IN_ERROR));
        ALLOWED.put(CHECKED_IN, EnumSet.of(FULFILLED, ENTERED_IN_ERROR));
        ALLOWED.put(NOSHOW, EnumSet.of(ARRIVED, CHECKED_IN, ENTERED_IN_ERROR));
        ALLOWED.put(FULFILLED, EnumSet.of(ENTERED_IN_ERROR));
        ALLOWED.put(CANCELLED, EnumSet.of(ENTERED_IN_ERROR));
        ALLOWED.put(ENTERED_IN_ERROR, EnumSet.noneOf(AppointmentStatus.class));
    }

    private AppointmentStatusPolicy() {
    }

    public static boolean allows(AppointmentStatus from, AppointmentStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    public static boolean needsReason(AppointmentStatus to) {
        return to == CANCELLED || to == NOSHOW;
    }

    /** Codes of the statuses in which an appointment occupies the practitioner's time (the exclusion constraint's list). */
    public static final List<String> OCCUPYING = List.of(PENDING.code(), BOOKED.code(), ARRIVED.code(),
            CHECKED_IN.code(), FULFILLED.code());

    public static boolean occupiesTime(AppointmentStatus s) {
        return OCCUPYING.contains(s.code());
    }

    /**
     * @throws ProblemException 409 when the change is not allowed, 400 when a reason is missing
     */
    public static void check(AppointmentStatus from, AppointmentStatus to, String reason) {
        if (!allows(from, to)) {
            throw new ProblemException(Problem.of(409, "/problems/status-transition", "Status change not allowed",
                    "An appointment that is " + from.code() + " can't become " + to.code() + ".")
                    .with("from", from.code()).with("to", to.code())
                    .withErrors(List.of(new FieldError("/status", "can't go from " + from.code() + " to " + to.code()))));
        }
        if (needsReason(to) && (reason == null || reason.isBlank())) {
            throw ProblemException.badRequest("/reason", "A reason is required to mark an appointment " + to.code() + ".");
        }
    }
}
