/**
 * What every feature stands on, written once: problem+json errors and the renderer seam of the
 * FHIR face, declarative idempotent replay of mutating calls ({@link
 * org.frontdesk.reception.shared.Idempotent}), the leased worker of outbox-style work ({@link
 * org.frontdesk.reception.shared.LeasedWorker} over {@link org.frontdesk.reception.shared.LeasedRow}),
 * paging and where-clauses of searches, answers with ETags, text normalisation for search, the
 * MapStruct configuration and the embedded PostgreSQL of dev mode and tests, and stored files:
 * uploads judged by content and spooled ({@link org.frontdesk.reception.shared.Uploads}), their
 * bytes kept and served in chunks ({@link org.frontdesk.reception.shared.ContentStore}). Depends on no feature.
 */
package org.frontdesk.reception.shared;
