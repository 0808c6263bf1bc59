/**
 * Scheduling: practice locations (with their time zone), practitioners, visit types, weekly
 * availability and its exceptions, free-slot search, holds, appointments with their status
 * workflow, and the desk's day list ({@link org.frontdesk.reception.scheduling.DayList}). The
 * database forbids double-booking (an exclusion constraint); the status rules live in
 * {@link org.frontdesk.reception.scheduling.AppointmentStatusPolicy}.
 *
 * <p>May use {@code shared}, {@code fhir} (from {@code *FhirResource}/{@code *FhirMapper}),
 * {@code security}, {@code patient} and {@code coverage} (a visit's eligibility question, the day
 * list's eligibility marker); other features hear of visits through {@code AppointmentStatusChanged}.
 */
package org.frontdesk.reception.scheduling;
