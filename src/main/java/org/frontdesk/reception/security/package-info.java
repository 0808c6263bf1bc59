/**
 * Who is calling and what they may do; the audit trail of every look at patient data.
 *
 * <p>Today this is the single place authentication and audit plug into: {@link
 * org.frontdesk.reception.security.Caller} names the caller for idempotency keys and
 * "recorded by" columns. Token verification, roles and the audit trail arrive here (issue 3)
 * without the features changing how they ask. Used by every feature; uses only {@code shared}.
 */
package org.frontdesk.reception.security;
