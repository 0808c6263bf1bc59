-- Indexes the desk report and the reminders need at the size of a busy year (measured with
-- bench/reports.sh: without them a year's report ran for minutes).

-- "was this visit rescheduled?" (the report leaves out the old half of a reschedule)
create index appointment_rescheduled_from on appointment (rescheduled_from) where rescheduled_from is not null;

-- "was eligibility checked in the days before the visit?" and the latest answer of a coverage
create index eligibility_check_completed on eligibility_check (coverage_id, completed_at) where state = 'complete';
