-- Idempotency keys belong to the caller: its client and its user (token subject), not the
-- client alone, so two desk users of one frontend can't replay each other's answers. Records
-- kept before this have an empty subject; a retry of their key with the same operation replays
-- them until they are purged (their request fingerprints were taken another way). The primary key
-- changes in place, so the previous version can't claim keys once this has run (README, Upgrades).
alter table idempotency_record add column subject varchar(200) not null default '';
alter table idempotency_record drop constraint idempotency_record_pkey;
alter table idempotency_record add primary key (client_id, subject, idempotency_key);
