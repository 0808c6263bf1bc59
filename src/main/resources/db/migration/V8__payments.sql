-- Money at the desk: what a visit costs the patient, what was paid, refunded or voided, and the
-- end-of-day count of each drawer. Payments and closes are never changed or deleted (triggers);
-- a closed day takes no new entry (trigger); corrections are new rows.

-- What a visit costs a patient without coverage, per visit type, from a date on.
create table self_pay_fee (
    visit_type_id   uuid            not null references visit_type (id),
    effective_from  date            not null,
    amount          numeric(12, 2)  not null check (amount >= 0),
    set_at          timestamptz     not null,
    set_by          varchar(200)    not null,
    primary key (visit_type_id, effective_from)
);

-- What the patient owes for a visit, fixed when the patient arrives (the copay of the coverage in
-- force, the insurer's copay from an eligibility check, or the self-pay fee). Cancelled if the
-- visit is cancelled or entered in error after arrival; never deleted.
create table visit_charge (
    appointment_id  uuid            primary key references appointment (id),
    patient_id      uuid            not null references patient (id),
    kind            varchar(20)     not null check (kind in ('copay', 'self-pay', 'none')),
    amount          numeric(12, 2)  not null check (amount >= 0),
    currency        varchar(3)       not null check (currency ~ '^[A-Z]{3}$'),
    source          varchar(300)    not null,
    posted_at       timestamptz     not null,
    cancelled_at    timestamptz,
    cancel_reason   varchar(300)
);
create index visit_charge_patient on visit_charge (patient_id);

create sequence receipt_number_seq start 1000001;

-- A payment taken at the desk, a refund of one, or a void of one. The drawer is the user whose
-- takings it counts in (a void counts in the voided payment's drawer and day).
create table payment (
    id                  uuid            primary key,
    receipt_number      bigint          not null unique default nextval('receipt_number_seq'),
    kind                varchar(10)     not null check (kind in ('payment', 'refund', 'void')),
    patient_id          uuid            not null references patient (id),
    appointment_id      uuid            references appointment (id),
    location_id         uuid            not null references location (id),
    business_date       date            not null,
    drawer              varchar(200)    not null,
    method              varchar(10)     not null check (method in ('cash', 'card', 'check')),
    amount              numeric(12, 2)  not null check (amount > 0),
    -- what the entry does to the drawer and the patient's account: payments add, refunds and voids take away
    signed_amount       numeric(12, 2)  generated always as (case when kind = 'payment' then amount else -amount end) stored,
    currency            varchar(3)       not null check (currency ~ '^[A-Z]{3}$'),
    card_last4          varchar(4)        check (card_last4 ~ '^[0-9]{4}$'),
    processor_reference varchar(100),
    check_number        varchar(30),
    original_id         uuid            references payment (id),
    reason              varchar(500),
    taken_at            timestamptz     not null,
    taken_by            varchar(200)    not null,
    check (kind <> 'payment' or method <> 'card' or (card_last4 is not null and processor_reference is not null)),
    check (kind <> 'payment' or method <> 'check' or check_number is not null),
    check ((kind = 'payment') = (original_id is null)),
    check (kind = 'payment' or length(trim(coalesce(reason, ''))) > 0)
);
create index payment_patient on payment (patient_id);
create index payment_appointment on payment (appointment_id);
create index payment_drawer_day on payment (location_id, business_date, drawer);
create index payment_original on payment (original_id);
-- a payment is voided at most once
create unique index payment_one_void on payment (original_id) where kind = 'void';

-- The end of a drawer's day: what the entries say it should hold, by method, and the cash
-- counted. A correction is a later row pointing at the close it corrects.
create table day_close (
    id              uuid            primary key,
    kind            varchar(12)     not null check (kind in ('close', 'correction')),
    corrects_id     uuid            references day_close (id),
    location_id     uuid            not null references location (id),
    business_date   date            not null,
    drawer          varchar(200)    not null,
    expected_cash   numeric(12, 2)  not null,
    expected_card   numeric(12, 2)  not null,
    expected_check  numeric(12, 2)  not null,
    entries         integer         not null,
    counted_cash    numeric(12, 2)  not null check (counted_cash >= 0),
    difference      numeric(12, 2)  generated always as (counted_cash - expected_cash) stored,
    currency        varchar(3)       not null check (currency ~ '^[A-Z]{3}$'),
    note            varchar(1000),
    closed_at       timestamptz     not null,
    closed_by       varchar(200)    not null,
    check ((kind = 'close') = (corrects_id is null)),
    check (kind = 'close' or length(trim(coalesce(note, ''))) > 0)
);
create unique index day_close_once on day_close (location_id, business_date, drawer) where kind = 'close';

create function money_rows_are_permanent() returns trigger language plpgsql as $$
begin
    raise exception '% rows are never changed or deleted; record a refund, a void or a correction', tg_table_name
        using errcode = 'check_violation';
end $$;
create trigger payment_permanent before update or delete on payment
    for each row execute function money_rows_are_permanent();
create trigger day_close_permanent before update or delete on day_close
    for each row execute function money_rows_are_permanent();

create function payment_day_open() returns trigger language plpgsql as $$
begin
    if exists (select 1 from day_close c where c.kind = 'close' and c.location_id = new.location_id
               and c.business_date = new.business_date and c.drawer = new.drawer) then
        raise exception 'the day % of drawer % is closed', new.business_date, new.drawer
            using errcode = 'check_violation', constraint = 'payment_day_closed';
    end if;
    return new;
end $$;
create trigger payment_day_open before insert on payment
    for each row execute function payment_day_open();
