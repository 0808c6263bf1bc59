-- Eligibility the day before (issue 20): the evening before a visit, at a set time in each
-- location's zone, a job queues an eligibility question for the patient's primary coverage when
-- its last check is missing or stale. The questions wait in eligibility_check like any other
-- and the shared leased worker sends them, at each payer's pace and never through an open circuit.

-- Who asked: the desk (or an EHR, or the FHIR $submit) or the day-before job. The job asks once
-- per coverage and visit day, however many instances run it and however often: the database
-- refuses a second question (the job inserts with "on conflict do nothing").
alter table eligibility_check add column origin varchar(12) not null default 'desk'
    check (origin in ('desk', 'day-before'));
create unique index eligibility_check_day_before on eligibility_check (coverage_id, service_date)
    where origin = 'day-before';
create index eligibility_check_pending_coverage on eligibility_check (coverage_id) where state = 'pending';

-- Each payer's pace for queued eligibility questions: at most eligibility_rate_limit in each
-- eligibility_rate_window_seconds (null: reception.coverage.insurer.rate-limit / rate-window).
alter table payer
    add column eligibility_rate_limit          integer check (eligibility_rate_limit between 1 and 100000),
    add column eligibility_rate_window_seconds integer check (eligibility_rate_window_seconds between 1 and 3600);

-- How much of its current window each payer has used, shared by every instance: a question is
-- sent only after taking one of the window's places here (one row per payer, updated in place).
create table payer_rate_window (
    payer_id      uuid          primary key references payer (id) on delete cascade,
    window_start  timestamptz   not null,
    used          integer       not null check (used >= 0)
);

-- The day-before runs that happened, per location and visit day. A day whose evening run was
-- missed (every instance down) is caught up once on the day itself, for the visits still ahead.
create table eligibility_sweep (
    location_id   uuid          not null references location (id),
    service_date  date          not null,
    swept_at      timestamptz   not null,
    primary key (location_id, service_date)
);
