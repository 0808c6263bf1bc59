-- A practitioner's schedule at a location (FHIR Schedule): one per pair that has weekly hours.
-- Its slots are derived from the hours, exceptions and appointments, never stored; a slot's id
-- names the schedule and the time, so the same slot reads busy once booked and free after a
-- cancellation.
create table schedule (
    id               uuid          primary key,
    practitioner_id  uuid          not null references practitioner (id),
    location_id      uuid          not null references location (id),
    created_at       timestamptz   not null,
    unique (practitioner_id, location_id)
);

insert into schedule (id, practitioner_id, location_id, created_at)
select gen_random_uuid(), practitioner_id, location_id, now()
from (select distinct practitioner_id, location_id from availability_template) pairs;
