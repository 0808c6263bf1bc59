-- Patient statements: what each guarantor is sent, as sent (the statement's content is kept as it
-- was issued), in its cycle, with its dunning level, and when and how it went out.
create table patient_statement (
    id                  uuid            primary key,
    guarantor_key       varchar(400)    not null,
    guarantor_name      varchar(300)    not null,
    patient_ids         uuid[]          not null,
    statement_date      date            not null,
    due_date            date            not null,
    total_due           numeric(12, 2)  not null check (total_due > 0),
    dunning_level       integer         not null check (dunning_level between 0 and 3),
    content             text            not null,
    created_at          timestamptz     not null,
    created_by          varchar(200)    not null,
    sent_at             timestamptz,
    sent_via            varchar(10)     check (sent_via in ('mail', 'email', 'portal')),
    sent_by             varchar(200),
    check ((sent_at is null) = (sent_via is null)),
    unique (guarantor_key, statement_date)
);
create index patient_statement_guarantor on patient_statement (guarantor_key, statement_date desc);
create index patient_statement_patients on patient_statement using gin (patient_ids);
