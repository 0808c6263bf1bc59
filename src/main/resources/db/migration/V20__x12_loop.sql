-- The billing office's X12 loop: claim control numbers for 837P, per-sender envelope control
-- numbers, payer channels, and 835 remittances posted to claims.

-- A claim's patient control number (837 CLM01, echoed in 835 CLP01 and 277CA TRN02): short,
-- numeric, never reused.
create sequence claim_control_number_seq start 100001;
alter table claim add column control_number bigint not null default nextval('claim_control_number_seq');
alter table claim add constraint claim_control_number unique (control_number);

-- How a payer takes claims: a FHIR Claim/$submit endpoint, or a clearinghouse speaking X12.
alter table payer add column channel varchar(20) not null default 'fhir'
    check (channel in ('fhir', 'x12-clearinghouse'));

-- Interchange (ISA13) and group (GS06) control numbers per sender id: each taken once, kept across
-- restarts, so no two interchanges a sender ever sent share a number.
create table x12_control_number (
    sender_id       varchar(15)     primary key,
    last_interchange bigint         not null default 0 check (last_interchange between 0 and 999999999),
    last_group      bigint          not null default 0 check (last_group between 0 and 999999999)
);

-- An 837P batch file the billing desk exported (to upload at a clearinghouse's portal).
create table x12_batch (
    id                  uuid            primary key,
    sender_id           varchar(15)     not null,
    receiver_id         varchar(15)     not null,
    interchange_number  bigint          not null,
    group_number        bigint          not null,
    payer_id            uuid            references payer (id),
    claim_count         integer         not null check (claim_count > 0),
    total_charge        numeric(14, 2)  not null,
    created_at          timestamptz     not null,
    created_by          varchar(200)    not null,
    unique (sender_id, interchange_number)
);

-- Where each claim submission went in X12: the sender's group (GS06) and transaction set (ST02)
-- it was written in, as a 999 names them; in a batch (with its place) or alone through the outbox.
create table x12_claim_sent (
    sender_id           varchar(15)     not null,
    group_number        bigint          not null,
    transaction_number  varchar(9)      not null,
    claim_id            uuid            not null references claim (id),
    submission          integer         not null,
    batch_id            uuid            references x12_batch (id),
    position            integer,
    sent_at             timestamptz     not null,
    primary key (sender_id, group_number, claim_id, submission)
);
create index x12_claim_sent_transaction on x12_claim_sent (sender_id, group_number, transaction_number);
create index x12_claim_sent_batch on x12_claim_sent (batch_id, position) where batch_id is not null;
create index x12_claim_sent_claim on x12_claim_sent (claim_id);

-- Answers read from X12 files (999, 277CA, 277) are kept beside the FHIR ones.
alter table claim_response drop constraint claim_response_source_check;
alter table claim_response add constraint claim_response_source_check check (source in ('sync', 'callback', 'x12'));

-- A secondary (or tertiary) claim bills the next coverage after the claim before it was paid: a
-- visit has one original claim per coverage, not one in all.
alter table claim add column prior_claim_id uuid references claim (id);
drop index claim_one_per_appointment;
create unique index claim_one_per_appointment on claim (appointment_id, coverage_id) where frequency = '1' and status <> 'void';
create index claim_prior on claim (prior_claim_id) where prior_claim_id is not null;

-- When the claim's status was last asked of the payer (276), so the job asks again only later.
alter table claim add column status_inquired_at timestamptz;

-- Files fetched from a clearinghouse (999, 277CA, 835): each taken once, kept with what came of it.
create table clearinghouse_file (
    id              uuid            primary key,
    endpoint        varchar(500)    not null,
    remote_id       varchar(200)    not null,
    kind            varchar(10),
    status          varchar(10)     not null check (status in ('applied', 'refused')),
    detail          text,
    received_at     timestamptz     not null,
    content         bytea           not null,
    unique (endpoint, remote_id)
);

-- One payment (an 835 transaction set: BPR and TRN) from a payer. Posted once: the same payment
-- (payer, trace number) posted again changes nothing. One that doesn't balance, or names claims
-- that aren't ours, is kept as held, with its reasons, and posts nothing.
create table remittance (
    id                  uuid            primary key,
    file_sha256         varchar(64)     not null,
    transaction_number  varchar(9)      not null,
    payer_identifier    varchar(80)     not null,
    payer_name          varchar(60),
    payer_id            uuid            references payer (id),
    trace_number        varchar(50)     not null,
    handling_code       varchar(2)      not null,
    payment_amount      numeric(14, 2)  not null,
    credit_debit        varchar(1)      not null,
    payment_method      varchar(3)      not null,
    payment_date        date,
    claim_count         integer         not null,
    claims_paid         numeric(14, 2)  not null,
    provider_adjustments numeric(14, 2) not null,
    status              varchar(10)     not null check (status in ('posted', 'held')),
    reasons             text,
    received_at         timestamptz     not null,
    received_by         varchar(200)    not null,
    -- the file as received, gzip-compressed (what an auditor or a re-post reads)
    content             bytea           not null
);
create unique index remittance_once on remittance (payer_identifier, trace_number) where status = 'posted';
create index remittance_received on remittance (received_at);

-- A claim payment (835 loop 2100) posted to one of our claims.
create table claim_payment (
    id                      uuid            primary key,
    remittance_id           uuid            not null references remittance (id),
    position                integer         not null,
    claim_id                uuid            not null references claim (id),
    status_code             varchar(2)      not null,
    charge                  numeric(12, 2)  not null,
    paid                    numeric(12, 2)  not null,
    patient_responsibility  numeric(12, 2)  not null,
    payer_claim_number      varchar(50),
    remarks                 varchar(5)[]    not null default '{}',
    unique (remittance_id, position)
);
create index claim_payment_claim on claim_payment (claim_id);

-- A service-line payment (loop 2110) of a claim payment.
create table service_payment (
    claim_payment_id    uuid            not null references claim_payment (id),
    position            integer         not null,
    code                varchar(48)     not null,
    modifiers           varchar(2)[]    not null default '{}',
    charge              numeric(12, 2)  not null,
    paid                numeric(12, 2)  not null,
    units               numeric(15, 3),
    service_date        date,
    line_control        varchar(50),
    remarks             varchar(5)[]    not null default '{}',
    primary key (claim_payment_id, position)
);

-- An adjustment (CAS) of a claim payment (line 0) or of one of its service lines: group code,
-- reason (CARC) and amount; positive takes away from the payment, negative adds.
create table payment_adjustment (
    claim_payment_id    uuid            not null references claim_payment (id),
    line                integer         not null,
    position            integer         not null,
    group_code          varchar(2)      not null check (group_code in ('CO', 'CR', 'OA', 'PI', 'PR')),
    reason_code         varchar(5)      not null,
    amount              numeric(12, 2)  not null,
    quantity            numeric(15, 3),
    primary key (claim_payment_id, line, position)
);
create index payment_adjustment_reason on payment_adjustment (reason_code);

-- A provider-level adjustment (PLB) of a remittance: positive reduces the payment, negative adds.
create table provider_adjustment (
    remittance_id   uuid            not null references remittance (id),
    position        integer         not null,
    provider_id     varchar(50)     not null,
    fiscal_date     date            not null,
    reason_code     varchar(2)      not null,
    reference       varchar(50),
    amount          numeric(12, 2)  not null,
    primary key (remittance_id, position)
);

-- Eligibility answers carry the coinsurance too (the patient's share after the deductible, percent),
-- whether the answer was FHIR or an X12 271.
alter table eligibility_check add column coinsurance numeric(5, 2) check (coinsurance between 0 and 100);
