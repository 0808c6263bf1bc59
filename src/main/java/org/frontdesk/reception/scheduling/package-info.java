/**
 * Scheduling: practice locations (with their time zone), practitioners, visit types, weekly
 * availability and its exceptions, free-slot search, holds, and appointments with their status
 * workflow. The database forbids double-booking (an exclusion constraint); the status rules
 * live in {@link org.frontdesk.reception.scheduling.AppointmentStatusPolicy}.
 *
 * <p>May use {@code shared}, {@code fhir} (from {@code *FhirResource}/{@code *FhirMapper}),
 * {@code security}, {@code patient} and, later, {@code coverage}.
 */
package org.frontdesk.reception.scheduling;
