-- Indexes the desk report and the reminders need at the size of a busy year (measured with
-- bench/reports.sh: without them a year's report ran for minutes).

-- "was this visit rescheduled?" (the report leaves out the old half of a reschedule)
create index appointment_rescheduled_from on appointment (rescheduled_from) where rescheduled_from is not null;

-- "was eligibility checked in the days before the visit?" and the latest answer of a coverage
create index eligibility_check_completed on eligibility_check (coverage_id, completed_at) where state = 'complete';

-- The one rule for "this coverage is in force on that day": an active coverage, or one ended
-- since (cancelled with an end date) whose period covered the day. CoverageService.primaryOn, the
-- desk's eligibility freshness and the desk report all ask it here. SQL language and immutable,
-- so the planner inlines it.
create function coverage_in_force(status varchar, period_start date, period_end date, day date)
    returns boolean language sql immutable as $$
    select (status = 'active' or (status = 'cancelled' and period_end is not null))
       and (period_start is null or period_start <= day)
       and (period_end is null or period_end >= day)
$$;
