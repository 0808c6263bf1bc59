/**
 * Notifications: telling the EHR systems and the desk screens what changed, the moment it
 * changes.
 *
 * <p>Owns FHIR topic-based {@code Subscription}s (Subscriptions R5 Backport IG on R4: rest-hook,
 * empty / id-only / full-resource payloads, handshake, heartbeat, {@code $status}), their
 * delivery, and the desk's live feed ({@code GET /api/v1/locations/{id}/events}, Server-Sent
 * Events). Features say what changed through {@code shared.Changes}, in the transaction of the
 * change; {@link org.frontdesk.reception.notifications.ChangePublisher} numbers committed changes
 * in commit order and fans them out to the matching subscriptions;
 * {@link org.frontdesk.reception.notifications.NotificationDelivery} delivers each subscription's
 * events in order through the shared leased worker; the instances hear of new changes through
 * PostgreSQL {@code LISTEN/NOTIFY} ({@code shared.PgListener}), never an in-memory bus.
 *
 * <p>Uses shared, security, fhir (to render resources as the FHIR face does) and scheduling (the
 * day list's rows). Nothing uses it.
 */
package org.frontdesk.reception.notifications;
