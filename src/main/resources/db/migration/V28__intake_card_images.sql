-- Photos of the insurance card a patient sends with a form link, before the visit. They are
-- proposed to the desk like the form's answers (a proposed change of kind 'card-photos'); the
-- bytes are kept in stored_content, and become the card images of a coverage only when the desk
-- accepts (the coverage's document then shares these bytes).
create table intake_card_image (
    id           uuid         primary key,
    link_id      uuid         not null references intake_link (id),
    side         varchar(5)   not null check (side in ('front', 'back')),
    -- judged by the content; a card is a picture
    content_type varchar(32)  not null check (content_type in ('image/jpeg', 'image/png', 'image/heic')),
    size_bytes   bigint       not null check (size_bytes > 0),
    sha256       varchar(64)  not null check (sha256 ~ '^[0-9a-f]{64}$'),
    sha1         varchar(40)  not null check (sha1 ~ '^[0-9a-f]{40}$'),
    -- the bytes; null once deleted (a rejected proposal's photos), and set null if a document
    -- that shares them (what an accepted photo became) is ever deleted with its bytes
    content_id   uuid         references stored_content (id) on delete set null,
    created_at   timestamptz  not null,
    -- the coverage's card image it became, once the desk accepted it
    document_id  uuid         references document (id) on delete set null,
    -- one image per side and link: a new photo replaces the earlier one (which is deleted)
    unique (link_id, side)
);

-- ContentStore.delete (a replaced, rejected or purged photo) sets the reference null: found by index
create index intake_card_image_content on intake_card_image (content_id);

alter table proposed_change alter column kind type varchar(16);
alter table proposed_change drop constraint proposed_change_kind_check;
alter table proposed_change add constraint proposed_change_kind_check
    check (kind in ('address', 'phone', 'coverage', 'card-photos'));
