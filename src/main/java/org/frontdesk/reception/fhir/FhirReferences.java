package org.frontdesk.reception.fhir;

import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

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

    /**
     * The id a required reference names, checked to exist: a reference that is missing, of another
     * type or to nothing we have is a 400 naming the element.
     *
     * @param element the FHIRPath of the reference, e.g. {@code Schedule.actor}
     * @param exists  finds the record by id
     */
    public static <T> T required(String reference, String type, String element, Function<UUID, Optional<T>> exists) {
        UUID id = localId(reference, type);
        Optional<T> found = id == null ? Optional.empty() : exists.apply(id);
        if (found.isEmpty()) {
            throw ProblemException.badRequest(element + (reference == null ? " is required: a reference to a " + type + "."
                            : " refers to " + reference + ", which is not a " + type + " on this server."),
                    List.of(new FieldError(element, reference == null ? "a " + type + " reference is required"
                            : "refers to nothing: " + reference)));
        }
        return found.get();
    }
}
