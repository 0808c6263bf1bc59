package org.frontdesk.reception.scheduling;

import org.frontdesk.reception.scheduling.SchedulingJson.IntakeFormState;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Where each visit's intake form stands, for the day list: implemented by the intake feature,
 * which comes after scheduling (so scheduling knows it only through this interface). With no
 * implementation deployed, the day list shows no form states.
 */
public interface IntakeFormStates {

    /** The state of the latest form sent for each of these visits, by appointment id; visits with none are left out. */
    Map<UUID, IntakeFormState> of(Collection<UUID> appointmentIds);
}
