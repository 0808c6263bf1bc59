/**
 * Money at the desk: what a visit costs the patient (copay or self-pay fee, fixed at arrival;
 * the insurer's patient share once adjudicated), payments, refunds and voids
 * ({@link org.frontdesk.reception.payments.PaymentService}), receipts, what a patient owes
 * ({@link org.frontdesk.reception.payments.Balances}), and each drawer's day and its close
 * ({@link org.frontdesk.reception.payments.DrawerDays}). Uses patient, scheduling and coverage
 * through their services and reads the claim table's adjudicated share; reacts to visits through
 * the {@code AppointmentStatusChanged} event. Nothing uses it but the reports and the sample.
 */
package org.frontdesk.reception.payments;
