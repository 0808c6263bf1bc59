package org.frontdesk.reception.claims;

import jakarta.persistence.Embeddable;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One service line of a claim: the procedure, its modifiers, units, charge, the diagnoses it
 * points at (1-based positions) and its date. As the billing desk enters it, charge and date may
 * be missing: the fee schedule and the visit give them when the line is written.
 */
@Embeddable
@Schema(name = "ServiceLine", description = "A service line of a claim as stored: its position, charge and date filled in.")
public class ClaimLine {

    /** 1-based, in the order of the claim. */
    public int position;
    public String code;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> modifiers = new ArrayList<>();
    public int units;
    public BigDecimal charge;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<Integer> pointers = new ArrayList<>();
    public LocalDate serviceDate;

    public ClaimLine() {
    }

    public ClaimLine(String code, List<String> modifiers, int units, List<Integer> pointers, BigDecimal charge,
                     LocalDate serviceDate) {
        this.code = code;
        this.modifiers = modifiers == null ? new ArrayList<>() : new ArrayList<>(modifiers);
        this.units = units;
        this.pointers = pointers == null ? new ArrayList<>() : new ArrayList<>(pointers);
        this.charge = charge;
        this.serviceDate = serviceDate;
    }

    /** A copy, for a replacement or void claim. */
    ClaimLine copy() {
        ClaimLine c = new ClaimLine(code, modifiers, units, pointers, charge, serviceDate);
        c.position = position;
        return c;
    }
}
