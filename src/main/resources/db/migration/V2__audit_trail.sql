-- Audit trail: one row per look at or change of patient data, including failed attempts.
-- Append-only: the triggers below refuse UPDATE, DELETE and TRUNCATE for every role the app
-- uses, so a record can't be altered or removed through the application.
create table audit_event (
    id             bigint        generated always as identity primary key,
    recorded_at    timestamptz   not null default now(),
    subject        varchar(200)  not null,
    roles          varchar(200),
    client_id      varchar(200),
    source_ip      varchar(64),
    action         varchar(16)   not null check (action in ('read', 'search', 'create', 'update', 'delete', 'execute')),
    resource_type  varchar(64)   not null,
    resource_id    varchar(64),
    patient_id     uuid,
    query          varchar(2000),
    http_method    varchar(8)    not null,
    path           varchar(500)  not null,
    status         integer       not null,
    outcome        varchar(8)    not null check (outcome in ('success', 'failure'))
);
create index audit_event_patient on audit_event (patient_id, recorded_at);
create index audit_event_subject on audit_event (subject, recorded_at);
create index audit_event_recorded_at on audit_event (recorded_at);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op;
end
$$;
create trigger audit_event_no_update_or_delete before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
