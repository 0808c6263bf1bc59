/**
 * Coverage: the payer directory, patients' insurance (in order: primary, secondary, tertiary)
 * with member-id rules, and eligibility checks sent to insurers as FHIR
 * CoverageEligibilityRequest through a per-payer REST client with retry and a circuit breaker.
 * Uses {@code shared}, {@code fhir}, {@code patient} and {@code security}; scheduling uses it
 * (the day list's eligibility marker, checks for an appointment), never the other way round.
 */
package org.frontdesk.reception.coverage;
