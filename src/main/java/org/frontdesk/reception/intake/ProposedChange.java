package org.frontdesk.reception.intake;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.frontdesk.reception.shared.Tracked;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;
import java.util.UUID;

/**
 * A change to a patient's address, phone or coverage that a form's answers propose, or the card
 * photos sent with its link: pending until the desk accepts it (then applied through the patient
 * or coverage service) or rejects it.
 */
@Entity
@Table(name = "proposed_change")
public class ProposedChange extends Tracked {

    public UUID patientId;
    public UUID responseId;
    public UUID appointmentId;
    /** address, phone, coverage or card-photos. */
    public String kind;
    /** What the patient answered, as JSON. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String proposed;
    /** The patient's version when the change was proposed. */
    public long baseVersion;
    /** The part of the record the change replaces, as it was when proposed (JSON); null for a new coverage. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String base;
    /** pending, accepted or rejected. */
    public String status;
    public Instant decidedAt;
    public String decidedBy;
    /** What accepting changed (JSON: before and after). */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String applied;
    public UUID coverageId;
    public String reason;
}
