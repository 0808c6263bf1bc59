-- Billing code sets by version (each valid for a window of service dates) and the payer edits.

create table code_set_version (
    id              uuid          primary key,
    -- what the rows are: a code system (icd-10-cm, hcpcs, cpt) or an edit table (ncci-ptp, mue, add-on)
    system          varchar(16)   not null check (system in ('icd-10-cm', 'hcpcs', 'cpt', 'ncci-ptp', 'mue', 'add-on')),
    version         varchar(32)   not null,
    -- the dates of service this version answers for (inclusive)
    valid_from      date          not null,
    valid_to        date          not null,
    -- for a version built from a previous one plus addenda
    based_on        uuid          references code_set_version (id),
    content_sha256  char(64)      not null,
    row_count       integer       not null,
    billable_count  integer       not null,
    source          varchar(500)  not null,
    loaded_at       timestamptz   not null,
    loaded_by       varchar(200)  not null,
    unique (system, version),
    check (valid_to >= valid_from)
);

create table code_entry (
    version_id      uuid          not null references code_set_version (id),
    -- upper case, without the dot
    code            varchar(10)   not null,
    billable        boolean       not null,
    short_title     varchar(100),
    long_title      varchar(2000) not null,
    -- per-code dates inside the version (HCPCS add and termination dates, CPT file dates)
    effective_from  date,
    effective_to    date,
    primary key (version_id, code)
);

-- NCCI procedure-to-procedure edits: column 2 is not paid with column 1 on the same day unless a
-- modifier is allowed (indicator 1); 0 never; 9 the edit does not apply.
create table ncci_ptp_edit (
    version_id          uuid          not null references code_set_version (id),
    column1             varchar(10)   not null,
    column2             varchar(10)   not null,
    effective_date      date          not null,
    deletion_date       date,
    modifier_indicator  char(1)       not null check (modifier_indicator in ('0', '1', '9')),
    primary key (version_id, column1, column2, effective_date)
);

-- Medically unlikely edits: most units of a code per line (indicator 1) or per day (2 absolute, 3 clinical).
create table mue_edit (
    version_id              uuid          not null references code_set_version (id),
    code                    varchar(10)   not null,
    units                   integer       not null check (units >= 0),
    adjudication_indicator  char(1)       not null check (adjudication_indicator in ('1', '2', '3')),
    primary key (version_id, code)
);

-- Add-on codes and the primary codes they need on the same claim and day.
create table add_on_edit (
    version_id      uuid          not null references code_set_version (id),
    add_on_code     varchar(10)   not null,
    primary_code    varchar(10)   not null,
    edit_type       char(1)       not null check (edit_type in ('1', '2', '3')),
    effective_date  date          not null,
    deletion_date   date,
    primary key (version_id, add_on_code, primary_code)
);
