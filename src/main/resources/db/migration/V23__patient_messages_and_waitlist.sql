-- Messages to patients that other features ask for (a waitlist offer, an intake form's link):
-- kept in an outbox in the asking feature's transaction, sent by the reminders' sender (consent,
-- quiet hours, leases, retries), and replied to like reminders. The body may carry a single-use
-- link, so it is erased once the message leaves the queue (sent, failed or skipped).
create table patient_message (
    id                  uuid            primary key,
    patient_id          uuid            not null references patient (id),
    location_id         uuid            not null references location (id),
    purpose             varchar(40)     not null check (purpose ~ '^[a-z][a-z0-9-]*$'),
    -- what it is about (the offered appointment, the intake link): no foreign key, it may be anyone's
    subject_id          uuid,
    -- asked for by the sender, or chosen when it goes (the first the patient consented to, SMS first)
    channel             varchar(5)      check (channel in ('sms', 'email')),
    subject             varchar(200),
    text                varchar(2000),
    not_after           timestamptz     not null,
    recipient           varchar(320),
    state               varchar(12)     not null check (state in ('pending', 'sent', 'failed', 'skipped')),
    attempts            integer         not null default 0,
    claimed_until       timestamptz,
    lease_token         uuid,
    next_attempt_at     timestamptz     not null,
    provider_message_id varchar(200),
    last_error          varchar(2000),
    skip_reason         varchar(300),
    sent_at             timestamptz,
    created_at          timestamptz     not null,
    check (state <> 'pending' or text is not null),
    -- the body (it may hold a single-use link) is gone once the message is sent or given up
    check (state = 'pending' or (text is null and subject is null)),
    check (state <> 'sent' or (sent_at is not null and recipient is not null and channel is not null)),
    check (state <> 'skipped' or skip_reason is not null)
);
create index patient_message_due on patient_message (next_attempt_at) where state = 'pending';
create index patient_message_provider_message on patient_message (provider_message_id);
create index patient_message_subject on patient_message (subject_id);

-- A reply names a reminder or a patient message; an offer's reply books or declines it.
alter table reminder_reply add column patient_message_id uuid references patient_message (id);
-- whose reply it was (a message need not be about an appointment)
alter table reminder_reply add column patient_id uuid references patient (id);
update reminder_reply set patient_id = a.patient_id from appointment a where a.id = reminder_reply.appointment_id;
alter table reminder_reply add check (reminder_id is null or patient_message_id is null);
alter table reminder_reply drop constraint reminder_reply_action_check;
alter table reminder_reply add constraint reminder_reply_action_check
    check (action in ('confirm', 'cancel', 'stop', 'unknown', 'book', 'decline'));
create index reminder_reply_patient_message on reminder_reply (patient_message_id);

-- A waitlist entry is offered a given time (practitioner and start) once: an offer it declined or
-- let lapse is passed on, never made to it again. Earlier duplicates (a time freed twice) keep
-- their history but no longer count as offers.
update appointment set offered_from = null
where offered_from is not null and status <> 'pending'
  and exists (select 1 from appointment later
              where later.offered_from = appointment.offered_from and later.practitioner_id = appointment.practitioner_id
                and later.starts_at = appointment.starts_at
                and (later.created_at, later.id) > (appointment.created_at, appointment.id));
create unique index appointment_offered_once on appointment (offered_from, practitioner_id, starts_at)
    where offered_from is not null;
-- the open offer of an entry, for the desk's waitlist view
create index appointment_offer_of_entry on appointment (offered_from) where status = 'pending';
