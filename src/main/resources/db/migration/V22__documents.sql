-- Documents (issue 20): files a patient's record keeps (insurance card images, referrals, IDs,
-- signed forms), in PostgreSQL. The bytes live apart from their metadata, in stored_content:
-- a bytea value below a threshold (reception.documents.large-object-threshold), a large object
-- at or above it. Nothing maps the bytes into an entity; they are written and read in chunks.

create table stored_content (
    id          uuid        primary key,
    size_bytes  bigint      not null check (size_bytes > 0),
    sha256      varchar(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
    content     bytea,
    content_oid oid,
    created_at  timestamptz not null default now(),
    -- exactly one of the two ways of keeping it
    check (num_nonnulls(content, content_oid) = 1),
    check (content is null or octet_length(content) = size_bytes)
);
-- Files are already compressed (JPEG, PNG, HEIC, most PDFs): no TOAST compression, and a
-- substring() reads only the TOAST chunks it needs.
alter table stored_content alter column content set storage external;

-- A large object is not deleted with the row that names it: this does it (TRUNCATE does not
-- fire it; vacuumlo finds what such a truncate leaves).
create function stored_content_unlink() returns trigger language plpgsql as $$
begin
    if old.content_oid is not null and (tg_op = 'DELETE' or new.content_oid is distinct from old.content_oid) then
        perform lo_unlink(old.content_oid);
    end if;
    return null;
end
$$;
create trigger stored_content_unlink after delete or update of content_oid on stored_content
    for each row execute function stored_content_unlink();

alter table coverage add constraint coverage_id_patient unique (id, patient_id);

create table document (
    id           uuid         primary key,
    patient_id   uuid         not null references patient (id),
    kind         varchar(32)  not null check (kind in ('insurance-card-front', 'insurance-card-back', 'photo-id',
                                                      'referral', 'consent', 'medical-record', 'other')),
    title        varchar(200),
    -- judged by the content, never by what the sender said
    content_type varchar(32)  not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/heic')),
    size_bytes   bigint       not null check (size_bytes > 0),
    sha256       varchar(64)  not null check (sha256 ~ '^[0-9a-f]{64}$'),
    sha1         varchar(40)  not null check (sha1 ~ '^[0-9a-f]{40}$'),
    content_id   uuid         not null unique references stored_content (id),
    -- what it is attached to besides the patient: a card image's coverage (of the same patient)
    coverage_id  uuid,
    version      bigint       not null default 0,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    created_by   varchar(200) not null,
    updated_by   varchar(200) not null,
    unique (id, patient_id, coverage_id, kind),
    foreign key (coverage_id, patient_id) references coverage (id, patient_id),
    check ((kind in ('insurance-card-front', 'insurance-card-back')) = (coverage_id is not null))
);
create index document_patient on document (patient_id, created_at desc, id);
create index document_coverage on document (coverage_id) where coverage_id is not null;

-- a document's bytes go with it
create function document_content_delete() returns trigger language plpgsql as $$
begin
    delete from stored_content where id = old.content_id;
    return null;
end
$$;
create trigger document_content_delete after delete on document
    for each row execute function document_content_delete();

-- The card images of a coverage: documents of its patient, of the right side, attached to it.
-- card_front_ref / card_back_ref (references to images kept in another system) stay readable.
alter table coverage
    add column card_front_document_id uuid,
    add column card_back_document_id  uuid,
    add column card_front_kind varchar(32) generated always as ('insurance-card-front') stored,
    add column card_back_kind  varchar(32) generated always as ('insurance-card-back') stored,
    add constraint coverage_card_front foreign key (card_front_document_id, patient_id, id, card_front_kind)
        references document (id, patient_id, coverage_id, kind),
    add constraint coverage_card_back foreign key (card_back_document_id, patient_id, id, card_back_kind)
        references document (id, patient_id, coverage_id, kind);
