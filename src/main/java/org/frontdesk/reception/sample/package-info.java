/**
 * The sample practice dev mode opens on: a location with hours, three practitioners, visit
 * types, two payers, three dozen synthetic patients with coverage, today's and tomorrow's visits
 * in several states, and the code sets of {@code data/}. Built through the features' own
 * services, so it obeys every rule; on only where {@code reception.sample.enabled} (dev).
 * Uses every feature; nothing uses it.
 */
package org.frontdesk.reception.sample;
