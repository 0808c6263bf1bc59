-- The FHIR face an EHR runs its day through (issue 15).

-- Versions of the records FHIR keeps history for (Patient, Coverage, Appointment, Practitioner,
-- Location), as rendered when each version committed: vread and _history read them back.
create table resource_version (
    resource_type   varchar(64)   not null,
    resource_id     varchar(64)   not null,
    version         bigint        not null,
    last_updated    timestamptz   not null,
    body            text          not null,
    primary key (resource_type, resource_id, version)
);
create index resource_version_since on resource_version (resource_type, last_updated);

-- _lastUpdated on every searchable type: when each record last changed
alter table practitioner add column updated_at timestamptz;
update practitioner set updated_at = created_at;
alter table practitioner alter column updated_at set not null;

alter table payer add column updated_at timestamptz;
update payer set updated_at = created_at;
alter table payer alter column updated_at set not null;

-- Locations as FHIR has them: an address, an identifier, hours of operation
alter table location
    add column updated_at         timestamptz,
    add column address_line       varchar(200),
    add column city               varchar(100),
    add column state              varchar(50),
    add column postal_code        varchar(20),
    add column country            varchar(50),
    add column identifier_system  varchar(200),
    add column identifier_value   varchar(100);
update location set updated_at = created_at;
alter table location alter column updated_at set not null;
create index location_city on location (lower(city));
create index location_identifier on location (identifier_value);

create table location_hours (
    location_id   uuid          not null references location (id) on delete cascade,
    position      integer       not null,
    -- FHIR days-of-week codes, comma-separated: mon,tue,wed
    days          varchar(27)   not null check (days ~ '^(mon|tue|wed|thu|fri|sat|sun)(,(mon|tue|wed|thu|fri|sat|sun)){0,6}$'),
    all_day       boolean       not null default false,
    opening_time  time,
    closing_time  time,
    primary key (location_id, position),
    check (all_day or (opening_time is not null and closing_time is not null and closing_time > opening_time))
);

-- A schedule as FHIR has it: active or not, its planning horizon, versioned
alter table schedule
    add column active         boolean       not null default true,
    add column horizon_start  timestamptz,
    add column horizon_end    timestamptz,
    add column comment        varchar(1000),
    add column version        bigint        not null default 0,
    add column updated_at     timestamptz;
update schedule set updated_at = created_at;
alter table schedule alter column updated_at set not null;
alter table schedule add check (horizon_end is null or horizon_start is null or horizon_end > horizon_start);

-- A practitioner at a location with a specialty (FHIR PractitionerRole)
create table practitioner_role (
    id                 uuid           primary key,
    practitioner_id    uuid           not null references practitioner (id),
    location_id        uuid           references location (id),
    specialty_system   varchar(200),
    specialty_code     varchar(50),
    specialty_display  varchar(200),
    active             boolean        not null default true,
    version            bigint         not null default 0,
    created_at         timestamptz    not null,
    updated_at         timestamptz    not null
);
create index practitioner_role_practitioner on practitioner_role (practitioner_id);
create index practitioner_role_location on practitioner_role (location_id);

-- The visit as it happens: created when the patient arrives or checks in (FHIR Encounter)
create table encounter (
    id                uuid          primary key,
    appointment_id    uuid          not null unique references appointment (id),
    patient_id        uuid          not null references patient (id),
    practitioner_id   uuid          not null references practitioner (id),
    location_id       uuid          not null references location (id),
    status            varchar(20)   not null check (status in ('arrived', 'in-progress', 'finished', 'cancelled',
                                        'entered-in-error')),
    period_start      timestamptz   not null,
    period_end        timestamptz,
    version           bigint        not null default 0,
    created_at        timestamptz   not null,
    updated_at        timestamptz   not null
);
create index encounter_patient on encounter (patient_id, period_start);
create index encounter_updated on encounter (updated_at);

-- A claim's identifier as its sender gave it: one claim per identifier per sending client, so a
-- retried Claim/$submit finds the first claim and never sends it twice
alter table claim
    add column client_id          varchar(200),
    add column client_identifier  varchar(200);
create unique index claim_client_identifier on claim (client_id, client_identifier)
    where client_identifier is not null;

-- _lastUpdated searches
create index patient_updated on patient (updated_at);
create index appointment_updated on appointment (updated_at);
create index coverage_updated on coverage (updated_at);
create index claim_updated on claim (updated_at);
