/**
 * The practice manager's view: figures of a location over a date range (appointments by status,
 * no-shows, same-day cancellations, waits, eligibility checked, claims' first-pass acceptance and
 * lag, money collected against due), as JSON and CSV, and the counters behind them as metrics.
 * Reads every other feature; nothing reads it.
 */
package org.frontdesk.reception.reports;
