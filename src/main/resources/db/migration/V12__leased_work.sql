-- Every queue of leased work (claim outbox, reminders, eligibility questions) has the same
-- columns, taken by the one shared worker: state, attempts, next_attempt_at, claimed_until and
-- lease_token (who holds the lease; a taker that lost it records nothing).
alter table claim_outbox add column lease_token uuid;

alter table eligibility_check add column next_attempt_at timestamptz default now();
update eligibility_check set next_attempt_at = requested_at;
alter table eligibility_check alter column next_attempt_at set not null;
alter table eligibility_check add column lease_token uuid;
create index eligibility_check_due on eligibility_check (next_attempt_at) where state = 'pending';
