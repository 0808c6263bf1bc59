-- Insurers, the patients' coverages, and eligibility checks.

-- The payer directory. Endpoint settings live here so a practice can add an insurer without a
-- release; secrets do not: auth_secret_name names an environment variable that holds them.
create table payer (
    id                  uuid          primary key,
    payer_code          varchar(32)   not null unique,
    name                varchar(200)  not null,
    type                varchar(16)   not null check (type in ('commercial', 'medicare', 'medicaid', 'self-pay')),
    -- a regular expression every member id of this payer must match (Medicare: the MBI rule, built in)
    member_id_pattern   varchar(500),
    base_url            varchar(500),
    auth_type           varchar(16)   not null default 'none' check (auth_type in ('none', 'oauth2', 'api-key')),
    token_url           varchar(500),
    client_id           varchar(200),
    api_key_header      varchar(100),
    auth_secret_name    varchar(200),
    connect_timeout_ms  integer       not null default 2000 check (connect_timeout_ms between 100 and 60000),
    read_timeout_ms     integer       not null default 10000 check (read_timeout_ms between 100 and 120000),
    active              boolean       not null default true,
    version             bigint        not null default 0,
    created_at          timestamptz   not null,
    check (auth_type <> 'oauth2' or (token_url is not null and client_id is not null and auth_secret_name is not null)),
    check (auth_type <> 'api-key' or (api_key_header is not null and auth_secret_name is not null))
);

create table coverage (
    id                      uuid          primary key,
    patient_id              uuid          not null references patient (id),
    payer_id                uuid          not null references payer (id),
    plan_name               varchar(200),
    group_number            varchar(50),
    member_id               varchar(50)   not null,
    -- 1 primary, 2 secondary, 3 tertiary
    priority                integer       not null check (priority between 1 and 3),
    status                  varchar(16)   not null check (status in ('active', 'cancelled', 'draft', 'entered-in-error')),
    relationship            varchar(8)    not null check (relationship in ('self', 'spouse', 'child', 'other')),
    subscriber_family       varchar(200),
    subscriber_given        varchar(200),
    subscriber_birth_date   date,
    subscriber_member_id    varchar(50),
    period_start            date,
    period_end              date,
    copay                   numeric(10, 2) check (copay >= 0),
    card_front_ref          varchar(500),
    card_back_ref           varchar(500),
    version                 bigint        not null default 0,
    created_at              timestamptz   not null,
    updated_at              timestamptz   not null,
    created_by              varchar(200)  not null,
    updated_by              varchar(200)  not null,
    check (period_end is null or period_start is null or period_end >= period_start),
    -- someone else's policy: we need who holds it
    check (relationship = 'self' or (subscriber_family is not null and subscriber_birth_date is not null)),
    -- No two active coverages of a patient in the same order. Deferrable, so a reorder can swap
    -- primary and secondary inside one transaction and be checked once, at its end.
    constraint coverage_one_per_order exclude using btree (patient_id with =, priority with =)
        where (status = 'active') deferrable initially immediate
);
create index coverage_patient on coverage (patient_id, status, priority);
create index coverage_payer on coverage (payer_id);

-- Every eligibility question asked of an insurer, and what it answered. A check is written
-- (pending) before the insurer is called, so a crash mid-call leaves a row a job finishes.
create table eligibility_check (
    id                  uuid          primary key,
    coverage_id         uuid          not null references coverage (id),
    benefit_category    varchar(8)    not null,
    service_date        date          not null,
    state               varchar(10)   not null check (state in ('pending', 'complete')),
    result              varchar(10)   check (result in ('active', 'inactive', 'unknown')),
    reason              varchar(1000),
    plan_start          date,
    plan_end            date,
    copay               numeric(10, 2),
    deductible          numeric(12, 2),
    deductible_remaining numeric(12, 2),
    payer_errors        text,
    request_json        text          not null,
    response_json       text,
    http_status         integer,
    attempts            integer       not null default 0,
    claimed_until       timestamptz,
    requested_at        timestamptz   not null,
    completed_at        timestamptz,
    requested_by        varchar(200)  not null,
    check (state = 'pending' or (result is not null and completed_at is not null)),
    check (result <> 'unknown' or reason is not null)
);
create index eligibility_check_coverage on eligibility_check (coverage_id, completed_at desc);
create index eligibility_check_pending on eligibility_check (requested_at) where state = 'pending';

-- The benefit category (X12 service type, FHIR ex-benefitcategory) an eligibility check for a
-- visit of this type asks about; 98 = professional (physician) visit, office.
alter table visit_type add column benefit_category varchar(8) not null default '98';
