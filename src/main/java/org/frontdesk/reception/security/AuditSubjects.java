package org.frontdesk.reception.security;

import jakarta.enterprise.context.RequestScoped;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The patients whose data the current request touched, as the code that read them knows them:
 * a resource that answers with a visit, a claim list or a receipt names the patients here, and
 * the request's audit record lists every one (at most {@link #MAX}).
 */
@RequestScoped
public class AuditSubjects {

    /** The most patients one audit record lists. */
    public static final int MAX = 1000;

    private final Set<UUID> patients = new LinkedHashSet<>();

    public void add(UUID patientId) {
        if (patientId != null && patients.size() < MAX) {
            patients.add(patientId);
        }
    }

    public void addAll(Collection<UUID> ids) {
        ids.forEach(this::add);
    }

    /** The patients named so far; taking them leaves none for the next record. */
    Set<UUID> take() {
        Set<UUID> out = new LinkedHashSet<>(patients);
        patients.clear();
        return out;
    }
}
