-- Consents as records: the HIPAA privacy notice acknowledgement, the financial policy, and the
-- patient's consent to SMS and e-mail. Each is given (or refused) at a date, to a version of the
-- policy text, optionally with the signed document; a new decision supersedes the kind's current
-- one, which stays as history. The current SMS and e-mail consents are the one source of
-- communication consent: the patient's own flags are read from here.
alter table document add constraint document_of_patient unique (id, patient_id);

create table patient_consent (
    id              uuid primary key,
    patient_id      uuid          not null references patient (id),
    kind            varchar(20)   not null check (kind in ('privacy-notice', 'financial-policy', 'sms', 'email')),
    decision        varchar(6)    not null check (decision in ('permit', 'deny')),
    policy_version  varchar(40)   not null check (policy_version ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
    given_at        timestamptz   not null,
    document_id     uuid,
    source          varchar(20)   not null check (source in ('desk', 'ehr', 'patient-form', 'reply', 'migration')),
    recorded_at     timestamptz   not null,
    recorded_by     varchar(200)  not null,
    superseded_at   timestamptz,
    superseded_by   uuid references patient_consent (id) deferrable initially deferred,
    check ((superseded_at is null) = (superseded_by is null)),
    -- the signed document is one of the patient's own
    foreign key (document_id, patient_id) references document (id, patient_id)
);
-- one current decision per patient and kind
create unique index patient_consent_current on patient_consent (patient_id, kind) where superseded_at is null;
create index patient_consent_history on patient_consent (patient_id, recorded_at desc, id);

insert into patient_consent (id, patient_id, kind, decision, policy_version, given_at, source, recorded_at, recorded_by)
select gen_random_uuid(), id, 'sms', 'permit', 'before-records', coalesce(consent_updated_at, updated_at), 'migration',
       now(), 'migration'
from patient where sms_consent;
insert into patient_consent (id, patient_id, kind, decision, policy_version, given_at, source, recorded_at, recorded_by)
select gen_random_uuid(), id, 'email', 'permit', 'before-records', coalesce(consent_updated_at, updated_at), 'migration',
       now(), 'migration'
from patient where email_consent;

-- The patient's old flags are no longer read or written. They stay for one release, so instances
-- of the previous release still running during a rolling deploy can read patients; a later
-- migration drops them.
comment on column patient.sms_consent is 'unused since V26: see patient_consent; dropped in a later release';
comment on column patient.email_consent is 'unused since V26: see patient_consent; dropped in a later release';
comment on column patient.consent_updated_at is 'unused since V26: see patient_consent; dropped in a later release';
