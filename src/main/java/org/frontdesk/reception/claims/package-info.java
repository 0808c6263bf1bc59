/**
 * Claims: built from a fulfilled visit or received from an EHR and edited as a draft
 * ({@link org.frontdesk.reception.claims.ClaimDrafts}), scrubbed by the coding feature's edits,
 * submitted, voided or replaced ({@link org.frontdesk.reception.claims.ClaimSubmissions}),
 * delivered through a transactional outbox by the shared leased worker
 * ({@link org.frontdesk.reception.claims.ClaimDispatcher}), and answered by insurers
 * ({@link org.frontdesk.reception.claims.InsurerAnswers}, the one place answers are recorded).
 * The status machine is {@link org.frontdesk.reception.claims.ClaimStatusPolicy}. Uses every
 * earlier feature through its services; nothing uses it.
 */
package org.frontdesk.reception.claims;
