-- Notifications (issue 18): EHR subscriptions and the desk's live feed.
--
-- A change an EHR or a desk screen may be told of is one change_event row, written by the
-- feature in the transaction that makes the change: it commits with the change or not at all.
-- It holds ids and codes only, never PHI. The publisher (one at a time across instances, under
-- an advisory lock) gives committed rows a position in commit order, fans each out to the
-- subscriptions whose topic and filters it matches (numbering it per subscription), and
-- notifies the instances, whose desk feeds read by position: a late-committing row never
-- appears behind a position a reader already passed.
create table change_event (
    id              bigserial   primary key,
    position        bigint      unique,
    occurred_at     timestamptz not null default clock_timestamp(),
    resource_type   varchar(64) not null,
    resource_id     uuid        not null,
    topics          text[]      not null default '{}',
    -- the desk's kind of change when a day list row changed (booked, arrived, cancelled, ...)
    desk            varchar(32),
    patient_id      uuid,
    location_id     uuid,
    practitioner_id uuid,
    appointment_id  uuid,
    status          varchar(32)
);
create index change_event_unpublished on change_event (id) where position is null;
create index change_event_desk on change_event (location_id, position) where desk is not null;
create index change_event_age on change_event (occurred_at);

-- wakes the publishers at commit (a notification is sent only if the transaction commits)
create function change_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('reception_change', '');
    return null;
end
$$;
create trigger change_event_notify after insert on change_event
    for each statement execute function change_event_notify();

-- A FHIR topic-based subscription (Subscriptions R5 Backport IG, R4). It is also its own row of
-- leased delivery work (state, attempts, next_attempt_at, claimed_until, lease_token): one
-- instance at a time delivers a subscription's events, in order.
create table subscription (
    id                 uuid         primary key,
    version            bigint       not null default 0,
    status             varchar(16)  not null check (status in ('requested', 'active', 'error', 'off')),
    reason             varchar(1000) not null,
    topic              varchar(64)  not null,
    filter_patient     uuid,
    filter_location    uuid,
    filter_practitioner uuid,
    filter_status      varchar(32),
    endpoint           varchar(2000) not null,
    payload_type       varchar(64)  not null check (payload_type in ('application/fhir+json', 'application/fhir+xml')),
    content            varchar(16)  not null check (content in ('empty', 'id-only', 'full-resource')),
    headers            text[]       not null default '{}',
    hmac_secret        varchar(200),
    heartbeat_seconds  integer      check (heartbeat_seconds between 1 and 86400),
    timeout_seconds    integer      not null check (timeout_seconds between 1 and 60),
    max_count          integer      not null check (max_count between 1 and 100),
    end_at             timestamptz,
    -- who made it, with what scopes: a payload never holds what these could not read
    client_id          varchar(200) not null,
    scopes             varchar(4000),
    events_count       bigint       not null default 0,
    delivered_through  bigint       not null default 0 check (delivered_through <= events_count),
    failures           integer      not null default 0,
    last_error         varchar(1000),
    last_error_at      timestamptz,
    last_delivered_at  timestamptz,
    last_sent_at       timestamptz,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    state              varchar(16)  not null check (state in ('pending', 'stopped')),
    attempts           integer      not null default 0,
    next_attempt_at    timestamptz  not null,
    claimed_until      timestamptz,
    lease_token        uuid
);
create index subscription_topic on subscription (topic) where status in ('requested', 'active', 'error');
create index subscription_due on subscription (next_attempt_at) where state = 'pending';

-- The events of one subscription, numbered from 1 without gaps (eventsSinceSubscriptionStart).
create table subscription_event (
    subscription_id uuid   not null references subscription (id) on delete cascade,
    event_number    bigint not null check (event_number > 0),
    change_id       bigint not null references change_event (id),
    primary key (subscription_id, event_number)
);
create index subscription_event_change on subscription_event (change_id);
