/**
 * FHIR R4 plumbing shared by every feature's FHIR face: the one {@code FhirContext}, the JAX-RS
 * reader and writer for {@code application/fhir+json} and {@code application/fhir+xml}
 * (and {@code _format}), strict parsing, OperationOutcome errors, search-parameter parsing and
 * searchset bundles, and the CapabilityStatement at {@code /fhir/metadata}, built from what the
 * features declare; also the audit trail as FHIR AuditEvent.
 *
 * <p>Uses {@code shared} and {@code security}. Features use it from their {@code *FhirResource}
 * and {@code *FhirMapper} classes; it knows no feature.
 */
package org.frontdesk.reception.fhir;
