/**
 * The FHIR R4 face, written once for every resource type: {@code FhirEndpoint} takes the URL
 * patterns of the specification, {@code FhirEngine} does what every type shares (roles and SMART
 * scopes, the audit record, one transaction per write, Idempotency-Key, conditional create and
 * update, If-Match, JSON Patch, paging, {@code _id}/{@code _lastUpdated}/{@code _sort},
 * {@code _include}/{@code _revinclude} through {@code FhirIncludes}), {@code FhirBundles} runs
 * batches and transactions through it, {@code FhirHistory} keeps the versions vread and
 * {@code _history} read, and the CapabilityStatement and SMART discovery are built from what the
 * engine serves. Also the one {@code FhirContext}, strict parsing, {@code _summary} and
 * {@code _elements}, OperationOutcome errors, and the audit trail as FHIR AuditEvent.
 *
 * <p>Reads of a type that names its {@code historyTable} (Patient) answer the JSON stored with the
 * record's current version, and searches load their page the same way: the rendering is made at
 * commit, in the transaction of the change, and served only while the row still has that version
 * (otherwise the record is rendered as usual). The tables stay the truth; this saves re-reading
 * six tables and re-encoding on the hottest path.
 *
 * <p>Uses {@code shared} and {@code security}. Each feature implements {@link
 * org.frontdesk.reception.fhir.FhirType} in its {@code *FhirResource} class, mapping with its
 * {@code *FhirMapper} and calling its services; it knows no feature.
 */
package org.frontdesk.reception.fhir;
