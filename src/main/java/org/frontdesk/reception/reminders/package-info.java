/**
 * Appointment reminders by SMS and email: planned for each booked visit a configurable time
 * before it, only on channels the patient consented to, never in the location's quiet hours;
 * sent once through an outbound port (a provider's HTTP API, or the log in development); the
 * patient's reply confirms or cancels the visit. Uses scheduling and patient.
 */
package org.frontdesk.reception.reminders;
