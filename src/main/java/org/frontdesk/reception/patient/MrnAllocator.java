package org.frontdesk.reception.patient;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Issues medical record numbers from {@code patient_mrn_seq} in blocks of 50 (the sequence's
 * increment), so a registration costs no extra round trip. Blocks from different instances never
 * overlap; a block left unused when an instance stops is a gap, which MRNs may have.
 */
@ApplicationScoped
class MrnAllocator {

    static final int BLOCK = 50;

    @Inject EntityManager em;
    @Inject PatientConfig config;
    private long next;
    private long limit;

    public synchronized String next() {
        if (next >= limit) {
            long start = ((Number) em.createNativeQuery("select nextval('patient_mrn_seq')").getSingleResult()).longValue();
            next = start;
            limit = start + BLOCK;
        }
        return config.mrnPrefix() + next++;
    }
}
