/**
 * Intake forms before the visit: admins publish FHIR Questionnaires (versioned by url|version,
 * immutable once published); the desk sends one with a visit as a single-use, expiring link (the
 * message goes through {@code shared.PatientMessage}); the patient (by the link's token) or the
 * desk or an EHR (through FHIR) submits a QuestionnaireResponse, checked against its form by our
 * own validator; answers on items with a known SDC {@code definition} are staged as proposed
 * changes to the patient's address, phone or coverage, as are the card photos the patient sends
 * with the link, which the desk accepts (applied through the patient and coverage services) or
 * rejects. Uses scheduling, coverage, patient; nothing
 * earlier uses it (the day list reads its states through {@code scheduling.IntakeFormStates}).
 */
package org.frontdesk.reception.intake;
