package org.frontdesk.reception.fhir;

import org.hl7.fhir.r4.model.Resource;

import java.time.Instant;
import java.util.UUID;

/**
 * A resource as one of our records gives it: the resource, its version (the ETag and
 * {@code meta.versionId}), when it last changed ({@code meta.lastUpdated}), and the patient whose
 * data it is, for the audit trail.
 */
public record FhirRecord(Resource resource, long version, Instant lastUpdated, UUID patientId) {

    /** What {@link FhirType#versionOf} answers for a record of its type that keeps no version. */
    public static final FhirRecord NONE = new FhirRecord(null, -1, null, null);

    /** The resource with its id, version and last change in {@code meta}. */
    public Resource stamped() {
        resource.getMeta().setVersionId(Long.toString(version));
        if (lastUpdated != null) {
            resource.getMeta().setLastUpdated(java.util.Date.from(lastUpdated));
        }
        return resource;
    }

    public String id() {
        return resource.getIdElement().getIdPart();
    }
}
