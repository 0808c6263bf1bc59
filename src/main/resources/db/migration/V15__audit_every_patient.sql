-- Every patient a request touched, not only the first: a search or Bundle that returned several
-- patients' data is found by each of them (issue 16). patient_id stays the first (or only) one.
alter table audit_event add column patient_ids uuid[];
create index audit_event_patients on audit_event using gin (patient_ids);
