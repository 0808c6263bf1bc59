package org.frontdesk.reception.patient;

import org.frontdesk.reception.shared.Coded;
import org.frontdesk.reception.shared.ProblemException;

/** What a document is. Card images are attached to a coverage, and only through it. */
public enum DocumentKind implements Coded {
    INSURANCE_CARD_FRONT("insurance-card-front", "Insurance card, front"),
    INSURANCE_CARD_BACK("insurance-card-back", "Insurance card, back"),
    PHOTO_ID("photo-id", "Photo identification"),
    REFERRAL("referral", "Referral"),
    CONSENT("consent", "Signed consent or policy"),
    MEDICAL_RECORD("medical-record", "Medical record from elsewhere"),
    OTHER("other", "Other document");

    private final String code;
    public final String display;

    DocumentKind(String code, String display) {
        this.code = code;
        this.display = display;
    }

    @Override
    public String code() {
        return code;
    }

    public boolean isCard() {
        return this == INSURANCE_CARD_FRONT || this == INSURANCE_CARD_BACK;
    }

    /** The kind of a code; 400 naming {@code field} when there is none. */
    public static DocumentKind of(String code, String field) {
        for (DocumentKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        throw ProblemException.badRequest(field, "kind must be one of " + String.join(", ",
                java.util.Arrays.stream(values()).map(DocumentKind::code).toList()));
    }
}
