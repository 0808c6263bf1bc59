-- The duplicate check answered by indexes on its whole blocking keys: (family, birth date) and
-- (phone or e-mail, birth date). The birth date is copied onto each name and telecom row by
-- triggers, so no writer (the app, a script, a restore) can leave it out of step; the check
-- then reads one index range per key instead of every patient born that day.
alter table patient_name add column birth_date date;
alter table patient_telecom add column birth_date date;
update patient_name n set birth_date = p.birth_date from patient p where p.id = n.patient_id;
update patient_telecom t set birth_date = p.birth_date from patient p where p.id = t.patient_id;

create function patient_part_birth_date() returns trigger language plpgsql as $$
begin
    select birth_date into new.birth_date from patient where id = new.patient_id;
    return new;
end $$;
create trigger patient_name_birth_date before insert or update on patient_name
    for each row execute function patient_part_birth_date();
create trigger patient_telecom_birth_date before insert or update on patient_telecom
    for each row execute function patient_part_birth_date();

create function patient_birth_date_follows() returns trigger language plpgsql as $$
begin
    update patient_name set birth_date = new.birth_date where patient_id = new.id;
    update patient_telecom set birth_date = new.birth_date where patient_id = new.id;
    return null;
end $$;
create trigger patient_birth_date_follows after update of birth_date on patient
    for each row when (old.birth_date is distinct from new.birth_date)
    execute function patient_birth_date_follows();

create index patient_name_blocking on patient_name (family_norm, birth_date);
create index patient_telecom_blocking on patient_telecom (value_norm, birth_date);
