package org.frontdesk.reception.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.scheduling.IntakeFormStates;
import org.frontdesk.reception.scheduling.SchedulingJson.IntakeFormState;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The day list's form column: the latest link of each visit, and its changes waiting for the desk, in two queries. */
@ApplicationScoped
class DayListForms implements IntakeFormStates {

    @Inject Clock clock;

    @Override
    public Map<UUID, IntakeFormState> of(Collection<UUID> appointmentIds) {
        if (appointmentIds.isEmpty()) {
            return Map.of();
        }
        List<UUID> ids = List.copyOf(appointmentIds);
        Map<UUID, IntakeLink> latest = new HashMap<>();
        for (IntakeLink l : IntakeLink.<IntakeLink>list("appointmentId in ?1 order by createdAt", ids)) {
            latest.put(l.appointmentId, l);
        }
        Map<UUID, Integer> waiting = new HashMap<>();
        for (ProposedChange c : ProposedChange.<ProposedChange>list("appointmentId in ?1 and status = 'pending'", ids)) {
            waiting.merge(c.appointmentId, 1, Integer::sum);
        }
        Instant now = clock.instant();
        Map<UUID, IntakeFormState> states = new HashMap<>();
        latest.forEach((visit, link) -> states.put(visit, new IntakeFormState(IntakeViews.state(link, now),
                waiting.getOrDefault(visit, 0))));
        return states;
    }
}
