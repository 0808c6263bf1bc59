-- Intake forms (issue 20): published FHIR Questionnaires, the single-use links that send one to a
-- visit's patient, the QuestionnaireResponses received, and the changes to the patient and their
-- coverage that answers propose (never applied until the desk accepts them).

-- A published form: its FHIR JSON as received, and the columns it is found by. A url|version
-- names one form for ever: once it is active or retired only its status changes (this trigger).
create table intake_form (
    id              uuid          primary key,
    url             varchar(500)  not null,
    form_version    varchar(64)   not null,
    status          varchar(8)    not null check (status in ('draft', 'active', 'retired')),
    title           varchar(500),
    item_count      integer       not null check (item_count between 1 and 1000),
    body            jsonb         not null,
    version         bigint        not null,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    created_by      varchar(200)  not null,
    updated_by      varchar(200)  not null,
    unique (url, form_version)
);

create function intake_form_immutable() returns trigger language plpgsql as $$
begin
    if old.status <> 'draft' and ((new.body - 'status') is distinct from (old.body - 'status') or new.url <> old.url
            or new.form_version <> old.form_version or new.status = 'draft') then
        raise exception 'intake form %|% is published and can''t change', old.url, old.form_version
            using errcode = 'check_violation';
    end if;
    return new;
end $$;
create trigger intake_form_immutable before update on intake_form
    for each row execute function intake_form_immutable();

-- A link sent to a patient for one visit and one form. Only the SHA-256 of its token is kept.
create table intake_link (
    id              uuid          primary key,
    token_hash      bytea         not null unique check (length(token_hash) = 32),
    appointment_id  uuid          not null references appointment (id),
    patient_id      uuid          not null references patient (id),
    form_id         uuid          not null references intake_form (id),
    created_at      timestamptz   not null,
    created_by      varchar(200)  not null,
    expires_at      timestamptz   not null,
    opened_at       timestamptz,
    used_at         timestamptz,
    revoked_at      timestamptz,
    message_id      uuid          not null,
    check (expires_at > created_at),
    check (used_at is null or revoked_at is null),
    unique (id, appointment_id, patient_id, form_id)
);
create index intake_link_appointment on intake_link (appointment_id, created_at desc);
-- A visit has at most one live link per form: sending again revokes the earlier one first.
create unique index intake_link_live on intake_link (appointment_id, form_id)
    where used_at is null and revoked_at is null;

-- A QuestionnaireResponse received (by link, from the desk or from an EHR), as received.
create table intake_response (
    id              uuid          primary key,
    form_id         uuid          not null references intake_form (id),
    patient_id      uuid          not null references patient (id),
    appointment_id  uuid          references appointment (id),
    link_id         uuid          unique references intake_link (id),
    status          varchar(16)   not null check (status in ('completed', 'amended')),
    body            jsonb         not null,
    version         bigint        not null,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    created_by      varchar(200)  not null,
    updated_by      varchar(200)  not null,
    -- a response by link is for the link's visit, patient and form
    check (link_id is null or appointment_id is not null),
    constraint intake_response_of_link foreign key (link_id, appointment_id, patient_id, form_id)
        references intake_link (id, appointment_id, patient_id, form_id)
);
create index intake_response_patient on intake_response (patient_id, created_at desc);
create index intake_response_form on intake_response (form_id);
create index intake_response_appointment on intake_response (appointment_id);

-- A change to a patient's record an answer proposes: pending until someone at the desk accepts
-- (it is then applied through the patient or coverage service) or rejects it; both are kept.
create table proposed_change (
    id              uuid          primary key,
    patient_id      uuid          not null references patient (id),
    response_id     uuid          not null references intake_response (id),
    appointment_id  uuid          references appointment (id),
    kind            varchar(8)    not null check (kind in ('address', 'phone', 'coverage')),
    proposed        jsonb         not null,
    -- the patient's version, and the part of the record the change replaces, when it was proposed
    base_version    bigint        not null,
    base            jsonb,
    status          varchar(8)    not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
    decided_at      timestamptz,
    decided_by      varchar(200),
    -- what accepting changed: before and after, and the coverage it created
    applied         jsonb,
    coverage_id     uuid,
    reason          varchar(500),
    version         bigint        not null,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    created_by      varchar(200)  not null,
    updated_by      varchar(200)  not null,
    check ((status = 'pending') = (decided_at is null)),
    check ((status = 'pending') = (decided_by is null)),
    check (status = 'accepted' or applied is null),
    unique (response_id, kind)
);
create index proposed_change_patient on proposed_change (patient_id, status);
create index proposed_change_appointment on proposed_change (appointment_id) where status = 'pending';
