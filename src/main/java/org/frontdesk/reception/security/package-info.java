/**
 * Who is calling and what they may do, and the audit trail of every look at patient data:
 * bearer tokens and roles ({@link org.frontdesk.reception.security.Roles}), SMART system scopes
 * on the FHIR face ({@link org.frontdesk.reception.security.SmartScope}), the per-client FHIR rate
 * limit, and {@link org.frontdesk.reception.security.Audited} calls recorded by
 * {@link org.frontdesk.reception.security.AuditTrail}. {@link org.frontdesk.reception.security.Caller}
 * names the caller (it is the {@code RequestIdentity} idempotency keys belong to) and
 * {@link org.frontdesk.reception.security.Actors} the "recorded by" of every change.
 * Used by every feature; uses only {@code shared}.
 */
package org.frontdesk.reception.security;
