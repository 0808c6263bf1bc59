/**
 * FHIR R4 plumbing shared by every feature's FHIR face: the one {@code FhirContext}, the JAX-RS
 * reader and writer for {@code application/fhir+json} and {@code application/fhir+xml}
 * (and {@code _format}), OperationOutcome errors, searchset bundles and the
 * CapabilityStatement at {@code /fhir/metadata}, built from what the features declare.
 *
 * <p>Uses only {@code shared}. Features use it from their {@code *FhirResource} and
 * {@code *FhirMapper} classes.
 */
package org.frontdesk.reception.fhir;
