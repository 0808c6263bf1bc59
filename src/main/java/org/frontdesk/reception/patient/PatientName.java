package org.frontdesk.reception.patient;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.ArrayList;
import java.util.List;

/** One of a patient's names (official, usual, maiden, ...), with its search keys. */
@Entity
@Table(name = "patient_name")
public class PatientName extends PatientPart {

    public String use;
    public String text;
    public String family;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> given = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> prefix = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> suffix = new ArrayList<>();
    public String periodStart;
    public String periodEnd;
    /** Search keys: written only by {@link PatientService} through SearchText. */
    public String familyNorm;
    public String givenNorm;
    public String wordsNorm = "";
}
