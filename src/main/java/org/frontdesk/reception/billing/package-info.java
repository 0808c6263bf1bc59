/**
 * The billing office's view of money owed: A/R aging by payer and by patient, the denial work
 * queue by reason (CARC), and patient statements per guarantor (cycle, dunning, record of sent).
 * Comes after claims and payments, whose ledgers it reads through their services.
 */
package org.frontdesk.reception.billing;
