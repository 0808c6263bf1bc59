/**
 * What every feature stands on: problem+json errors, idempotent replay of mutating calls,
 * paging, text normalisation for search, the MapStruct configuration and the embedded
 * PostgreSQL used by dev mode and tests. Depends on no feature.
 */
package org.frontdesk.reception.shared;
