package org.frontdesk.reception.fhir;

import java.util.UUID;

/** Reading our own resources' ids out of FHIR references ({@code Patient/<uuid>}). */
public final class FhirReferences {

    private FhirReferences() {
    }

    /** The UUID of a local reference of the given type, or null when it names no resource of ours. */
    public static UUID localId(String reference, String type) {
        if (reference == null || !reference.startsWith(type + "/")) {
            return null;
        }
        try {
            return UUID.fromString(reference.substring(type.length() + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
