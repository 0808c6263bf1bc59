-- Claims: what the practice bills, its delivery to insurers through an outbox, and the answers.

-- The practice's charge per procedure code, from a date on.
create table fee_schedule (
    code            varchar(10)     not null check (code ~ '^[0-9A-Z]{5}$'),
    effective_from  date            not null,
    charge          numeric(10, 2)  not null check (charge >= 0),
    primary key (code, effective_from)
);

create table claim (
    id                          uuid            primary key,
    appointment_id              uuid            references appointment (id),
    patient_id                  uuid            not null references patient (id),
    coverage_id                 uuid            not null references coverage (id),
    payer_id                    uuid            not null references payer (id),
    rendering_practitioner_id   uuid            references practitioner (id),
    billing_npi                 varchar(10)     not null check (billing_npi ~ '^[0-9]{10}$'),
    billing_taxonomy            varchar(10),
    place_of_service            varchar(2)      not null check (place_of_service ~ '^[0-9]{2}$'),
    date_of_service             date            not null,
    status                      varchar(20)     not null check (status in ('draft', 'ready', 'queued', 'submitted',
                                    'accepted', 'rejected', 'pended', 'paid', 'partially-paid', 'denied',
                                    'needs-attention', 'void')),
    -- claim frequency: 1 original, 7 replacement, 8 void
    frequency                   varchar(1)      not null default '1' check (frequency in ('1', '7', '8')),
    original_claim_id           uuid            references claim (id),
    payer_claim_number          varchar(64),
    -- incremented at each submission; with the id it makes the idempotency key of that version
    submission                  integer         not null default 0,
    total_charge                numeric(12, 2)  not null default 0,
    paid_amount                 numeric(12, 2),
    patient_responsibility      numeric(12, 2),
    status_reason               varchar(2000),
    version                     bigint          not null default 0,
    created_at                  timestamptz     not null,
    updated_at                  timestamptz     not null,
    created_by                  varchar(200)    not null,
    updated_by                  varchar(200)    not null,
    check (frequency = '1' or original_claim_id is not null)
);
-- one original claim per visit (corrections are replacements or voids of it)
create unique index claim_one_per_appointment on claim (appointment_id) where frequency = '1' and status <> 'void';
create index claim_status on claim (status, date_of_service);
create index claim_payer on claim (payer_id, date_of_service);
create index claim_patient on claim (patient_id);

create table claim_diagnosis (
    claim_id    uuid          not null references claim (id),
    position    integer       not null check (position between 1 and 12),
    code        varchar(10)   not null,
    primary key (claim_id, position)
);

create table claim_line (
    claim_id        uuid            not null references claim (id),
    position        integer         not null check (position between 1 and 50),
    code            varchar(10)     not null,
    modifiers       varchar(20),
    units           integer         not null check (units > 0),
    charge          numeric(10, 2)  not null check (charge >= 0),
    pointers        varchar(20)     not null,
    service_date    date            not null,
    primary key (claim_id, position)
);

create table claim_status_change (
    id              bigint          generated always as identity primary key,
    claim_id        uuid            not null references claim (id),
    from_status     varchar(20),
    to_status       varchar(20)     not null,
    reason          varchar(2000),
    changed_at      timestamptz     not null,
    changed_by      varchar(200)    not null
);
create index claim_status_change_claim on claim_status_change (claim_id, changed_at);

-- What must go out: written in the same transaction as the claim's move to queued, sent by the
-- dispatcher, never deleted. The idempotency key is stable for a claim version, so a resend after
-- a crash is recognised by the insurer as the same submission.
create table claim_outbox (
    id                  uuid            primary key,
    claim_id            uuid            not null references claim (id),
    submission          integer         not null,
    idempotency_key     varchar(100)    not null unique,
    payload             text            not null,
    state               varchar(10)     not null check (state in ('pending', 'sent', 'failed')),
    attempts            integer         not null default 0,
    next_attempt_at     timestamptz     not null,
    claimed_until       timestamptz,
    last_error          varchar(2000),
    created_at          timestamptz     not null,
    sent_at             timestamptz,
    unique (claim_id, submission)
);
create index claim_outbox_due on claim_outbox (next_attempt_at) where state = 'pending';

create table claim_response (
    id                      uuid            primary key,
    claim_id                uuid            not null references claim (id),
    received_at             timestamptz     not null,
    source                  varchar(10)     not null check (source in ('sync', 'callback')),
    outcome                 varchar(16)     not null,
    payer_claim_number      varchar(64),
    total_paid              numeric(12, 2),
    patient_responsibility  numeric(12, 2),
    reasons                 text,
    payload                 text            not null
);
create index claim_response_claim on claim_response (claim_id, received_at);

-- How a payer's endpoint takes claims on Claim/$submit: a Claim, or a Bundle holding it.
alter table payer add column claim_format varchar(8) not null default 'claim' check (claim_format in ('claim', 'bundle'));
