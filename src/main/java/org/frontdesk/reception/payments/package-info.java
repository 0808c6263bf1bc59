/**
 * Money at the desk: what a visit costs the patient (copay or self-pay fee, fixed at arrival),
 * payments, refunds and voids, receipts, the patient's balance, and each drawer's end of day.
 * Uses scheduling, coverage and claims; nothing uses it but the reports.
 */
package org.frontdesk.reception.payments;
