package org.frontdesk.reception.intake;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.frontdesk.reception.shared.Tracked;
import org.hibernate.annotations.ColumnTransformer;

import java.util.UUID;

/** A QuestionnaireResponse received and accepted, as received. */
@Entity
@Table(name = "intake_response")
public class IntakeResponse extends Tracked {

    public UUID formId;
    public UUID patientId;
    public UUID appointmentId;
    public UUID linkId;
    public String status;
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String body;
}
