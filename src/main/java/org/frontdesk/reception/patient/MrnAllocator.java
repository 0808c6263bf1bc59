package org.frontdesk.reception.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Issues medical record numbers from {@code patient_mrn_seq} in blocks of 50 (the sequence's
 * increment), so a registration costs no extra round trip. Blocks from different instances never
 * overlap; a block left unused when an instance stops is a gap, which MRNs may have.
 */
@ApplicationScoped
public class MrnAllocator {

    static final int BLOCK = 50;

    private final EntityManager em;
    private final PatientConfig config;
    private long next;
    private long limit;

    public MrnAllocator(EntityManager em, PatientConfig config) {
        this.em = em;
        this.config = config;
    }

    public synchronized String next() {
        if (next >= limit) {
            long start = ((Number) em.createNativeQuery("select nextval('patient_mrn_seq')").getSingleResult()).longValue();
            next = start;
            limit = start + BLOCK;
        }
        return config.mrnPrefix() + next++;
    }
}
