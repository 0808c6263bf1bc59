package org.frontdesk.reception.fhir;

/** Implemented by each feature's FHIR resource, so {@code /fhir/metadata} lists exactly what exists. */
public interface FhirCapabilitySource {

    ResourceCapability capability();
}
