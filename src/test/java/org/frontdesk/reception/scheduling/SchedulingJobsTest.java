package org.frontdesk.reception.scheduling;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The background jobs: no-shows, expired holds, and two runners at once handling each row once. */
@QuarkusTest
class SchedulingJobsTest {

    @Inject
    AppointmentService appointments;
    @Inject
    EntityManager em;

    /** Writes appointments straight into the table, as time passing would leave them. */
    private List<UUID> insert(String status, int count, Instant start, boolean expiredHold) {
        String location = Scheduling.location("America/Chicago");
        String practitioner = Scheduling.practitioner();
        String type = Scheduling.visitType(15, 0, 0);
        String patient = Scheduling.patient();
        List<UUID> ids = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                Instant s = start.plus(15L * i, ChronoUnit.MINUTES);
                em.createNativeQuery("""
                                insert into appointment (id, patient_id, practitioner_id, location_id, visit_type_id, status,
                                    starts_at, ends_at, busy_start, busy_end, hold_token, hold_expires_at,
                                    created_at, updated_at, created_by, updated_by)
                                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8, ?9, ?10, now(), now(), 'test', 'test')""")
                        .setParameter(1, id).setParameter(2, expiredHold ? null : UUID.fromString(patient))
                        .setParameter(3, UUID.fromString(practitioner)).setParameter(4, UUID.fromString(location))
                        .setParameter(5, UUID.fromString(type)).setParameter(6, status)
                        .setParameter(7, s).setParameter(8, s.plus(15, ChronoUnit.MINUTES))
                        .setParameter(9, expiredHold ? UUID.randomUUID().toString() : null)
                        .setParameter(10, expiredHold ? Instant.now().minusSeconds(60) : null)
                        .executeUpdate();
                ids.add(id);
            }
        });
        return ids;
    }

    private String status(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Appointment a = Appointment.findById(id);
            return a.status;
        });
    }

    @Test
    void aBookingStillBookedAfterTheGracePeriodBecomesANoShow() {
        UUID late = insert("booked", 1, Instant.now().minus(2, ChronoUnit.HOURS), false).get(0);
        UUID upcoming = insert("booked", 1, Instant.now().plus(2, ChronoUnit.HOURS), false).get(0);
        while (appointments.markNoShows(100) == 100) {
            // drain
        }
        assertEquals("noshow", status(late));
        assertEquals("booked", status(upcoming));
        String reason = QuarkusTransaction.requiringNew().call(() -> ((Appointment) Appointment.findById(late)).cancellationReason);
        assertEquals("not arrived 30 minutes after the start", reason);
    }

    @Test
    void twoJobRunnersAtOnceHandleEachExpiredHoldOnce() throws Exception {
        List<UUID> holds = insert("pending", 40, Instant.now().plus(3, ChronoUnit.DAYS), true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Callable<Integer> runner = () -> {
                go.await();
                int total = 0;
                int n;
                do {
                    n = appointments.expireHolds(5);
                    total += n;
                } while (n > 0);
                return total;
            };
            Future<Integer> a = pool.submit(runner);
            Future<Integer> b = pool.submit(runner);
            go.countDown();
            int handled = a.get() + b.get();
            long ours = holds.stream().filter(id -> "cancelled".equals(status(id))).count();
            assertEquals(40, ours, "every expired hold released");
            Number changes = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                            "select count(*) from appointment_status_change where appointment_id in (?1) and to_status = 'cancelled'")
                    .setParameter(1, holds).getSingleResult());
            assertEquals(40, changes.intValue(), "each hold released exactly once");
            // the app's own scheduled job may be a third runner here; it too must not double any row
            org.junit.jupiter.api.Assertions.assertTrue(handled <= 40, "no hold handled twice");
        } finally {
            pool.shutdownNow();
        }
    }
}
