package org.frontdesk.reception.claims;

import org.frontdesk.reception.shared.Coded;

/** Where a claim stands, from the billing desk's draft to the insurer's last word. Stored as its code. */
public enum ClaimStatus implements Coded {
    /** Being written by the billing desk. */
    DRAFT("draft"),
    /** Passed its scrub; can be submitted. */
    READY("ready"),
    /** In the outbox, waiting for the dispatcher to deliver it. */
    QUEUED("queued"),
    /** The insurer took it; no decision yet. */
    SUBMITTED("submitted"),
    ACCEPTED("accepted"),
    /** Refused by the insurer as sent (errors in the claim): correct and resubmit. */
    REJECTED("rejected"),
    /** The insurer is holding it for more information. */
    PENDED("pended"),
    PAID("paid"),
    PARTIALLY_PAID("partially-paid"),
    DENIED("denied"),
    /** Not delivered after every attempt: a person must look at it. */
    NEEDS_ATTENTION("needs-attention"),
    VOID("void");

    private final String code;

    ClaimStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    public static ClaimStatus fromCode(String code) {
        for (ClaimStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown claim status " + code);
    }

    @Override
    public String toString() {
        return code;
    }

    /** Stores the status as its code. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class Column implements jakarta.persistence.AttributeConverter<ClaimStatus, String> {
        @Override
        public String convertToDatabaseColumn(ClaimStatus status) {
            return status == null ? null : status.code;
        }

        @Override
        public ClaimStatus convertToEntityAttribute(String code) {
            return code == null ? null : fromCode(code);
        }
    }
}
