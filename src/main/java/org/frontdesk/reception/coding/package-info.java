/**
 * Coding: billing code sets by version and date of service (ICD-10-CM, HCPCS Level II, a
 * practice-supplied CPT file), the payer edits (NCCI procedure-to-procedure, MUE, add-on codes),
 * their loaders for the official layouts, an in-memory index built from the database, and the
 * validation of codes and draft claims. Uses {@code shared}, {@code fhir} and {@code security}.
 */
package org.frontdesk.reception.coding;
