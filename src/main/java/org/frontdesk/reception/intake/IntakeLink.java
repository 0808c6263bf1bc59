package org.frontdesk.reception.intake;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A link sent to a patient for one visit and one form; only its token's SHA-256 is kept. */
@Entity
@Table(name = "intake_link")
public class IntakeLink extends PanacheEntityBase {

    @Id
    public UUID id;
    public byte[] tokenHash;
    public UUID appointmentId;
    public UUID patientId;
    public UUID formId;
    public Instant createdAt;
    public String createdBy;
    public Instant expiresAt;
    public Instant openedAt;
    public Instant usedAt;
    public Instant revokedAt;
    public UUID messageId;
}
