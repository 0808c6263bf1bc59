package org.frontdesk.reception.claims;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What one 837P claim carries, as X12 values: written from a claim by {@link Claim837Writer}
 * and read back by {@link Claim837Reader}, which must give the same record (the round trip).
 * Amounts are kept at 2 decimals so equal money is equal.
 */
record Claim837(Provider billing, Subscriber subscriber, Person patient, Payer payer, String controlNumber,
                BigDecimal totalCharge, String placeOfService, String frequency, String payerClaimNumber,
                List<String> diagnoses, Rendering rendering, List<OtherPayer> otherPayers, List<Line> lines) {

    Claim837 {
        totalCharge = money(totalCharge);
        diagnoses = List.copyOf(diagnoses);
        otherPayers = List.copyOf(otherPayers);
        lines = List.copyOf(lines);
    }

    record Address(String line1, String line2, String city, String state, String zip) {
    }

    /** The billing provider (2010AA), an organisation. */
    record Provider(String name, String npi, String taxonomy, String taxId, Address address) {
    }

    /**
     * The subscriber (2000B/2010BA): payer responsibility (P, S, T), whether the patient is the
     * subscriber (SBR02 18), group number, claim filing code (SBR09), name, member id, and address,
     * birth date and sex when the subscriber is the patient.
     */
    record Subscriber(String responsibility, boolean self, String groupNumber, String filingCode, String last,
                      String first, String memberId, Address address, LocalDate birthDate, String sex) {
    }

    /** The patient when not the subscriber (2000C/2010CA): relationship (PAT01), name, address, birth date, sex. */
    record Person(String relationship, String last, String first, Address address, LocalDate birthDate, String sex) {
    }

    /** The payer (2010BB): its name and payer id. */
    record Payer(String name, String id) {
    }

    /** The rendering provider (2310B), a person. */
    record Rendering(String last, String first, String npi, String taxonomy) {
    }

    /** An adjustment: group code (CO, PR, OA, PI, CR), reason code (CARC) and amount. */
    record Adjustment(String group, String reason, BigDecimal amount) {
        Adjustment {
            amount = money(amount);
        }
    }

    /**
     * A payer that adjudicated the claim before this one (2320/2330): its responsibility,
     * subscriber and id, what it paid (AMT*D), claim-level adjustments, the patient's remaining
     * liability (AMT*EAF), its claim number and adjudication date.
     */
    record OtherPayer(String responsibility, String filingCode, String groupNumber, String subscriberLast,
                      String subscriberFirst, String memberId, String payerName, String payerId, BigDecimal paid,
                      BigDecimal remainingPatientLiability, List<Adjustment> adjustments, String payerClaimNumber,
                      LocalDate adjudicated) {
        OtherPayer {
            paid = money(paid);
            remainingPatientLiability = money(remainingPatientLiability);
            adjustments = List.copyOf(adjustments);
        }
    }

    /** One line's adjudication by an earlier payer (2430). */
    record LineAdjudication(String payerId, BigDecimal paid, String code, List<String> modifiers, int units,
                            List<Adjustment> adjustments, LocalDate adjudicated) {
        LineAdjudication {
            paid = money(paid);
            modifiers = List.copyOf(modifiers);
            adjustments = List.copyOf(adjustments);
        }
    }

    /** A service line (2400): procedure, modifiers, charge, units, diagnosis pointers, date, line control number. */
    record Line(String code, List<String> modifiers, BigDecimal charge, int units, List<Integer> pointers,
                LocalDate date, String control, List<LineAdjudication> adjudications) {
        Line {
            modifiers = List.copyOf(modifiers);
            charge = money(charge);
            pointers = List.copyOf(pointers);
            adjudications = List.copyOf(adjudications);
        }
    }

    static BigDecimal money(BigDecimal v) {
        return v == null ? null : v.setScale(2, java.math.RoundingMode.UNNECESSARY);
    }
}
