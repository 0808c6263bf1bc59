package org.frontdesk.reception.intake;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.frontdesk.reception.shared.Tracked;
import org.hibernate.annotations.ColumnTransformer;

/** A published intake form: the FHIR Questionnaire as received, and the columns it is found by. */
@Entity
@Table(name = "intake_form")
public class IntakeForm extends Tracked {

    public String url;
    /** The form's own version (Questionnaire.version), not the row's. */
    public String formVersion;
    /** draft, active or retired. */
    public String status;
    public String title;
    public int itemCount;
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String body;

    /** The versioned canonical a response names: {@code url|version}. */
    public String canonical() {
        return url + "|" + formVersion;
    }
}
