package org.frontdesk.reception.scheduling;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One status change of an appointment: from, to, why, when and by whom. */
@Entity
@Table(name = "appointment_status_change")
public class AppointmentStatusChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public UUID appointmentId;
    public String fromStatus;
    public String toStatus;
    public String reason;
    public Instant changedAt;
    public String changedBy;
}
