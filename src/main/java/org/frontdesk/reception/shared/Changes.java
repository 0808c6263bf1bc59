package org.frontdesk.reception.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * Where every feature says what changed, for the EHR subscriptions and the desk's live feed: one
 * row of {@code change_event}, written in the transaction that makes the change, so a change that
 * rolls back was never announced and one that commits is never lost. It holds ids and codes
 * only (no PHI); the notifications feature reads, numbers and delivers it.
 */
@ApplicationScoped
public class Changes {

    /**
     * Topics (the codes of the notifications feature's topics) a change may belong to. This one:
     * any change to an appointment (each of the four below, and a confirmation).
     */
    public static final String APPOINTMENT_CHANGED = "appointment-changed";
    public static final String APPOINTMENT_BOOKED = "appointment-booked";
    public static final String APPOINTMENT_CANCELLED = "appointment-cancelled";
    public static final String APPOINTMENT_RESCHEDULED = "appointment-rescheduled";
    public static final String APPOINTMENT_STATUS = "appointment-status-changed";
    public static final String PATIENT_REGISTERED = "patient-registered";
    public static final String PATIENT_UPDATED = "patient-updated";
    public static final String COVERAGE_CHANGED = "coverage-changed";
    public static final String ELIGIBILITY_ANSWERED = "eligibility-answered";
    public static final String CLAIM_RESPONSE = "claim-response-received";

    /**
     * One change: the resource it is about (as its FHIR type and id), the topics it belongs to,
     * the desk's kind of change when a day list row changed (null when none did), and the ids and
     * status subscriptions filter on.
     */
    public record Change(String resourceType, UUID resourceId, List<String> topics, String desk, UUID patientId,
                         UUID locationId, UUID practitionerId, UUID appointmentId, String status) {

        public Change {
            topics = List.copyOf(topics);
        }

        /** A change about a patient, with no place on a day list. */
        public static Change of(String resourceType, UUID resourceId, String topic, UUID patientId, String status) {
            return new Change(resourceType, resourceId, List.of(topic), null, patientId, null, null, null, status);
        }
    }

    @Inject EntityManager em;

    /** Records a change in the caller's transaction (there must be one). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Change c) {
        if (c.topics().isEmpty() && c.desk() == null) {
            return;
        }
        em.createNativeQuery("insert into change_event (resource_type, resource_id, topics, desk, patient_id,"
                        + " location_id, practitioner_id, appointment_id, status) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                .setParameter(1, c.resourceType()).setParameter(2, c.resourceId())
                .setParameter(3, c.topics().toArray(String[]::new)).setParameter(4, c.desk())
                .setParameter(5, c.patientId()).setParameter(6, c.locationId()).setParameter(7, c.practitionerId())
                .setParameter(8, c.appointmentId()).setParameter(9, c.status())
                .executeUpdate();
    }
}
