-- A claim line's modifiers and diagnosis pointers as arrays, not comma-joined text, with their
-- limits enforced here: at most 4 modifiers (each at most 2 characters), at most 4 pointers, each
-- 1..12 (the service also requires two-character modifiers and, from the desk, at least one pointer).
-- The column types change in place: instances of the previous version can't write claim lines
-- once this has run (see README, Upgrades).
alter table claim_line alter column modifiers type varchar(2)[] using
    case when modifiers is null or modifiers = '' then '{}'::varchar(2)[]
         else string_to_array(modifiers, ',')::varchar(2)[] end;
alter table claim_line alter column modifiers set default '{}';
alter table claim_line alter column modifiers set not null;
alter table claim_line add constraint claim_line_modifiers check (cardinality(modifiers) <= 4);

alter table claim_line alter column pointers type integer[] using
    case when pointers = '' then '{}'::integer[] else string_to_array(pointers, ',')::integer[] end;
alter table claim_line add constraint claim_line_pointers
    check (cardinality(pointers) <= 4 and pointers <@ array[1,2,3,4,5,6,7,8,9,10,11,12]);
