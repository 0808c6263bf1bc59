-- Foundation: idempotent replay of mutating /api calls.
create table idempotency_record (
    client_id        varchar(200)  not null,
    idempotency_key  varchar(255)  not null,
    operation        varchar(300)  not null,
    request_hash     char(64)      not null,
    status_code      integer,
    location         varchar(500),
    etag             varchar(100),
    response_body    text,
    created_at       timestamptz   not null default now(),
    primary key (client_id, idempotency_key)
);
create index idempotency_record_created_at on idempotency_record (created_at);

-- Patient intake. MRNs come from a sequence so two registrations can never share one.
-- Handed out in blocks of 50 (MrnAllocator): MRNs are unique, not gapless or in time order.
create sequence patient_mrn_seq start with 100001 increment by 50;
-- Ids of a patient's names, identifiers, telecoms, addresses and contacts; handed out in
-- blocks of 50 so Hibernate can batch the inserts of one registration.
create sequence patient_part_seq increment by 50;

create table patient (
    id                      uuid          primary key,
    mrn                     varchar(32)   not null unique,
    active                  boolean       not null default true,
    gender                  varchar(16)   check (gender in ('male', 'female', 'other', 'unknown')),
    birth_date              date,
    deceased                boolean,
    deceased_at             varchar(40),
    marital_status          varchar(16),
    multiple_birth          boolean,
    birth_order             integer       check (birth_order > 0),
    preferred_language      varchar(35),
    race_codes              text[]        not null default '{}',
    race_text               varchar(200),
    ethnicity_codes         text[]        not null default '{}',
    ethnicity_text          varchar(200),
    birth_sex               varchar(3)    check (birth_sex in ('F', 'M', 'UNK')),
    sms_consent             boolean       not null default false,
    email_consent           boolean       not null default false,
    consent_updated_at      timestamptz,
    -- display and sort key: the primary name, normalised ("family given"); written by the app
    sort_name               varchar(600)  not null default '',
    version                 bigint        not null default 0,
    created_at              timestamptz   not null,
    updated_at              timestamptz   not null,
    created_by              varchar(200)  not null,
    updated_by              varchar(200)  not null
);
create index patient_birth_date on patient (birth_date);
create index patient_sort on patient (sort_name, birth_date, id);

create table patient_name (
    id             bigint        primary key,
    patient_id     uuid          not null references patient (id) on delete cascade,
    position       integer       not null,
    use            varchar(16)   check (use in ('usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden')),
    text           varchar(400),
    family         varchar(200),
    given          text[]        not null default '{}',
    prefix         text[]        not null default '{}',
    suffix         text[]        not null default '{}',
    period_start   varchar(40),
    period_end     varchar(40),
    -- search keys, always written by the application through SearchText
    family_norm    varchar(200),
    given_norm     varchar(400),
    words_norm     varchar(1200) not null default ''
);
create index patient_name_family_norm on patient_name (family_norm text_pattern_ops);
create index patient_name_patient on patient_name (patient_id);

create table patient_identifier (
    id             bigint        primary key,
    patient_id     uuid          not null references patient (id) on delete cascade,
    position       integer       not null,
    use            varchar(16)   check (use in ('usual', 'official', 'temp', 'secondary', 'old')),
    system         varchar(400),
    value          varchar(400),
    type_system    varchar(400),
    type_code      varchar(64),
    type_text      varchar(200),
    period_start   varchar(40),
    period_end     varchar(40),
    assigner       varchar(400)
);
-- External identifiers are not unique: EHRs and registries do share them between records
-- (the duplicate check flags those); only our MRN is unique, on patient.mrn.
create index patient_identifier_value on patient_identifier (value, system);
create index patient_identifier_patient on patient_identifier (patient_id);

create table patient_telecom (
    id             bigint        primary key,
    patient_id     uuid          not null references patient (id) on delete cascade,
    position       integer       not null,
    system         varchar(16)   check (system in ('phone', 'fax', 'email', 'pager', 'url', 'sms', 'other')),
    value          varchar(400),
    use            varchar(16)   check (use in ('home', 'work', 'temp', 'old', 'mobile')),
    rank           integer       check (rank > 0),
    period_start   varchar(40),
    period_end     varchar(40),
    value_norm     varchar(400)
);
create index patient_telecom_value_norm on patient_telecom (value_norm);
create index patient_telecom_patient on patient_telecom (patient_id);

create table patient_address (
    id             bigint        primary key,
    patient_id     uuid          not null references patient (id) on delete cascade,
    position       integer       not null,
    use            varchar(16)   check (use in ('home', 'work', 'temp', 'old', 'billing')),
    type           varchar(16)   check (type in ('postal', 'physical', 'both')),
    text           varchar(600),
    line           text[]        not null default '{}',
    city           varchar(200),
    district       varchar(200),
    state          varchar(200),
    postal_code    varchar(32),
    country        varchar(100),
    period_start   varchar(40),
    period_end     varchar(40)
);
create index patient_address_patient on patient_address (patient_id);

-- Emergency contacts, next of kin, guarantors: the people related to a patient.
create table patient_contact (
    id                 bigint        primary key,
    patient_id         uuid          not null references patient (id) on delete cascade,
    position           integer       not null,
    roles              text[]        not null default '{}',
    relationship       varchar(32),
    family             varchar(200),
    given              text[]        not null default '{}',
    name_text          varchar(400),
    phone              varchar(100),
    email              varchar(200),
    line               text[]        not null default '{}',
    city               varchar(200),
    state              varchar(200),
    postal_code        varchar(32),
    country            varchar(100),
    gender             varchar(16)   check (gender in ('male', 'female', 'other', 'unknown')),
    organization_name  varchar(400)
);
create index patient_contact_patient on patient_contact (patient_id);

-- Likely duplicates the front desk must look at (raised when a record is created without
-- the duplicate check blocking it, e.g. a FHIR create from an EHR).
create table patient_duplicate_flag (
    id             bigint        primary key,
    patient_id     uuid          not null references patient (id) on delete cascade,
    candidate_id   uuid          not null references patient (id) on delete cascade,
    reason         varchar(64)   not null,
    score          numeric(4, 3) not null check (score between 0 and 1),
    raised_at      timestamptz   not null,
    resolved_at    timestamptz,
    resolved_by    varchar(200),
    unique (patient_id, candidate_id),
    check (patient_id <> candidate_id)
);
create index patient_duplicate_flag_open on patient_duplicate_flag (raised_at) where resolved_at is null;
