/**
 * Claims: built from a fulfilled visit, edited as a draft, scrubbed by the coding feature's
 * edits, and delivered to the payer's endpoint through a transactional outbox and a dispatcher
 * that any number of instances can run. Uses every earlier feature; nothing uses it.
 */
package org.frontdesk.reception.claims;
