-- Scheduling: where and with whom visits happen, when they can, and the appointments.
create extension if not exists btree_gist;

create table location (
    id           uuid          primary key,
    name         varchar(200)  not null,
    -- IANA zone; every wall-clock time of this location is computed in it
    time_zone    varchar(64)   not null,
    phone        varchar(100),
    active       boolean       not null default true,
    version      bigint        not null default 0,
    created_at   timestamptz   not null
);

create table practitioner (
    id             uuid          primary key,
    npi            varchar(10)   not null unique check (npi ~ '^[0-9]{10}$'),
    family         varchar(200)  not null,
    given          varchar(200),
    prefix         varchar(40),
    suffix         varchar(40),
    taxonomy_code  varchar(10),
    active         boolean       not null default true,
    version        bigint        not null default 0,
    created_at     timestamptz   not null
);

create table visit_type (
    id                      uuid          primary key,
    code                    varchar(32)   not null unique,
    name                    varchar(200)  not null,
    duration_minutes        integer       not null check (duration_minutes between 5 and 480),
    buffer_before_minutes   integer       not null default 0 check (buffer_before_minutes between 0 and 120),
    buffer_after_minutes    integer       not null default 0 check (buffer_after_minutes between 0 and 120),
    active                  boolean       not null default true,
    version                 bigint        not null default 0
);

-- Weekly hours of a practitioner at a location. An end at or before the start means the
-- window ends on the next day (a night clinic).
create table availability_template (
    id               uuid      primary key,
    practitioner_id  uuid      not null references practitioner (id),
    location_id      uuid      not null references location (id),
    day_of_week      integer   not null check (day_of_week between 1 and 7),
    start_time       time      not null,
    end_time         time      not null,
    valid_from       date      not null,
    valid_to         date,
    version          bigint    not null default 0,
    check (valid_to is null or valid_to >= valid_from),
    check (end_time <> start_time)
);
create index availability_template_practitioner on availability_template (practitioner_id, location_id);

-- Time nobody can be booked: a practitioner's blocked time, or (no practitioner) a location's holiday.
create table availability_exception (
    id               uuid          primary key,
    practitioner_id  uuid          references practitioner (id),
    location_id      uuid          references location (id),
    starts_at        timestamptz   not null,
    ends_at          timestamptz   not null,
    reason           varchar(200)  not null,
    check (ends_at > starts_at),
    check (practitioner_id is not null or location_id is not null)
);
create index availability_exception_time on availability_exception using gist (tstzrange(starts_at, ends_at));

create table appointment (
    id                     uuid          primary key,
    patient_id             uuid          references patient (id),
    practitioner_id        uuid          not null references practitioner (id),
    location_id            uuid          not null references location (id),
    visit_type_id          uuid          not null references visit_type (id),
    status                 varchar(16)   not null check (status in ('proposed', 'pending', 'booked', 'arrived',
                               'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist')),
    starts_at              timestamptz   not null,
    ends_at                timestamptz   not null,
    -- the practitioner's busy time: the visit plus its buffers, written by the booking service
    busy_start             timestamptz   not null,
    busy_end               timestamptz   not null,
    hold_token             varchar(64),
    hold_expires_at        timestamptz,
    overbooked             boolean       not null default false,
    overbook_approved_by   varchar(200),
    overbook_reason        varchar(500),
    cancellation_reason    varchar(500),
    rescheduled_from       uuid          references appointment (id),
    -- a hold offered to a waitlist entry when a booked time was cancelled
    offered_from           uuid          references appointment (id),
    comment                varchar(1000),
    version                bigint        not null default 0,
    created_at             timestamptz   not null,
    updated_at             timestamptz   not null,
    created_by             varchar(200)  not null,
    updated_by             varchar(200)  not null,
    check (ends_at > starts_at),
    check (busy_start <= starts_at and busy_end >= ends_at),
    check (status <> 'pending' or hold_token is not null or patient_id is not null),
    check (not overbooked or (overbook_approved_by is not null and overbook_reason is not null)),
    check (status not in ('cancelled', 'noshow') or cancellation_reason is not null),
    check (status in ('pending', 'proposed', 'waitlist', 'cancelled', 'entered-in-error') or patient_id is not null),
    -- One practitioner can never hold two overlapping active appointments: whatever the code
    -- does, two racing bookings can only produce one. An approved overbooking is exempt.
    constraint appointment_no_overlap exclude using gist (practitioner_id with =, tstzrange(busy_start, busy_end) with &&)
        where (status in ('pending', 'booked', 'arrived', 'checked-in', 'fulfilled') and not overbooked)
);
create index appointment_practitioner_time on appointment (practitioner_id, busy_start);
create index appointment_location_start on appointment (location_id, starts_at);
create index appointment_patient on appointment (patient_id, starts_at);
create index appointment_hold_expiry on appointment (hold_expires_at) where status = 'pending';
create index appointment_waitlist on appointment (practitioner_id, location_id, visit_type_id, created_at)
    where status = 'waitlist';

-- Every status change, with who and when.
create table appointment_status_change (
    id              bigint        generated always as identity primary key,
    appointment_id  uuid          not null references appointment (id),
    from_status     varchar(16),
    to_status       varchar(16)   not null,
    reason          varchar(500),
    changed_at      timestamptz   not null,
    changed_by      varchar(200)  not null
);
create index appointment_status_change_appointment on appointment_status_change (appointment_id, changed_at);
