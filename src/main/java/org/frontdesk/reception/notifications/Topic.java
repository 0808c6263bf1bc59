package org.frontdesk.reception.notifications;

import org.frontdesk.reception.shared.Changes;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The topics an EHR may subscribe to: each has a canonical URL (the Subscription's
 * {@code criteria}), the resource type it is about (the focus of its notifications) and the
 * filters it understands ({@code Type?name=value} in the filter-criteria extension).
 */
enum Topic {

    APPOINTMENT_CHANGED(Changes.APPOINTMENT_CHANGED, "Appointment changed (booked, cancelled, rescheduled, "
            + "status changed or confirmed)", "Appointment", Filter.PATIENT, Filter.LOCATION, Filter.PRACTITIONER,
            Filter.STATUS),
    APPOINTMENT_BOOKED(Changes.APPOINTMENT_BOOKED, "Appointment booked", "Appointment",
            Filter.PATIENT, Filter.LOCATION, Filter.PRACTITIONER),
    APPOINTMENT_CANCELLED(Changes.APPOINTMENT_CANCELLED, "Appointment cancelled", "Appointment",
            Filter.PATIENT, Filter.LOCATION, Filter.PRACTITIONER),
    APPOINTMENT_RESCHEDULED(Changes.APPOINTMENT_RESCHEDULED, "Appointment rescheduled", "Appointment",
            Filter.PATIENT, Filter.LOCATION, Filter.PRACTITIONER),
    APPOINTMENT_STATUS(Changes.APPOINTMENT_STATUS, "Appointment status changed", "Appointment",
            Filter.PATIENT, Filter.LOCATION, Filter.PRACTITIONER, Filter.STATUS),
    PATIENT_REGISTERED(Changes.PATIENT_REGISTERED, "Patient registered", "Patient", Filter.PATIENT),
    PATIENT_UPDATED(Changes.PATIENT_UPDATED, "Patient updated", "Patient", Filter.PATIENT),
    COVERAGE_CHANGED(Changes.COVERAGE_CHANGED, "Coverage changed", "Coverage", Filter.PATIENT, Filter.STATUS),
    ELIGIBILITY_ANSWERED(Changes.ELIGIBILITY_ANSWERED, "Eligibility answered", "CoverageEligibilityResponse",
            Filter.PATIENT),
    CLAIM_RESPONSE(Changes.CLAIM_RESPONSE, "Claim response received", "ClaimResponse", Filter.PATIENT, Filter.STATUS);

    /** Where our topics' canonical URLs start. */
    static final String BASE = "http://frontdesk.example.org/fhir/SubscriptionTopic/";

    /** A filter a topic may have: the search parameter's name, and what its value is. */
    enum Filter {
        PATIENT("patient", "Patient"),
        LOCATION("location", "Location"),
        PRACTITIONER("practitioner", "Practitioner"),
        STATUS("status", null);

        final String param;
        /** The type a reference value names; null for a code. */
        final String referenceType;

        Filter(String param, String referenceType) {
            this.param = param;
            this.referenceType = referenceType;
        }
    }

    final String code;
    final String title;
    final String focus;
    final Set<Filter> filters;

    Topic(String code, String title, String focus, Filter... filters) {
        this.code = code;
        this.title = title;
        this.focus = focus;
        this.filters = Set.copyOf(Arrays.asList(filters));
    }

    String url() {
        return BASE + code;
    }

    /** The topic of a canonical URL (a {@code |version} suffix is ignored), if it is one of ours. */
    static Optional<Topic> ofUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String bare = url.contains("|") ? url.substring(0, url.indexOf('|')) : url;
        return Arrays.stream(values()).filter(t -> t.url().equals(bare)).findFirst();
    }

    static Optional<Topic> ofCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }

    static List<String> urls() {
        return Arrays.stream(values()).map(Topic::url).toList();
    }
}
