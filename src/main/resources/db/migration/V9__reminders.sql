-- Appointment reminders by SMS and email, planned per appointment, channel and offset, sent once
-- through the messaging provider, and the patients' replies.

-- The patient confirmed the visit (by replying to a reminder, or at the desk).
alter table appointment add column confirmed_at timestamptz;

create table reminder (
    id                  uuid            primary key,
    appointment_id      uuid            not null references appointment (id),
    channel             varchar(5)      not null check (channel in ('sms', 'email')),
    -- how long before the visit it was meant to go (whole days are calendar days in the location's zone)
    offset_minutes      integer         not null check (offset_minutes > 0),
    -- the start it was planned for: a rescheduled visit gets new reminders, these are superseded
    for_start           timestamptz     not null,
    due_at              timestamptz     not null,
    -- the phone number or address it went to, read from the patient when it is sent
    recipient           varchar(320),
    state               varchar(12)     not null check (state in ('pending', 'sent', 'failed', 'skipped', 'superseded')),
    attempts            integer         not null default 0,
    claimed_until       timestamptz,
    -- who holds the lease: a sender that lost it (took too long) does not send
    lease_token         uuid,
    next_attempt_at     timestamptz     not null,
    provider_message_id varchar(200),
    last_error          varchar(2000),
    skip_reason         varchar(300),
    sent_at             timestamptz,
    created_at          timestamptz     not null,
    unique (appointment_id, channel, offset_minutes, for_start),
    check (state <> 'sent' or (sent_at is not null and recipient is not null)),
    check (state <> 'skipped' or skip_reason is not null)
);
create index reminder_due on reminder (next_attempt_at) where state = 'pending';
create index reminder_provider_message on reminder (provider_message_id);

create table reminder_reply (
    id              uuid            primary key,
    reminder_id     uuid            references reminder (id),
    appointment_id  uuid            references appointment (id),
    received_at     timestamptz     not null,
    sender          varchar(320),
    text            varchar(2000)   not null,
    action          varchar(10)     not null check (action in ('confirm', 'cancel', 'stop', 'unknown')),
    outcome         varchar(500)    not null
);
create index reminder_reply_appointment on reminder_reply (appointment_id);
