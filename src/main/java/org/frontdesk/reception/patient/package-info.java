/**
 * Patient intake: registering, finding and updating patients, their names, identifiers,
 * telecoms, addresses, related persons (emergency contact, guarantor) and communication
 * consent; the duplicate check and FHIR {@code Patient/$match}; the patient's documents
 * ({@code /documents}, FHIR DocumentReference), whose bytes {@code shared.ContentStore} keeps.
 *
 * <p>May use {@code shared}, {@code fhir} (only from {@code *FhirResource} / {@code *FhirMapper})
 * and {@code security}. Other features see {@link org.frontdesk.reception.patient.PatientService}
 * and the {@code Patient} entity.
 */
package org.frontdesk.reception.patient;
