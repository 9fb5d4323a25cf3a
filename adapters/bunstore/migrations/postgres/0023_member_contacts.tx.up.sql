-- Members' contacts (联系人管理): the people an enterprise member is reached
-- by. Exactly one 第一联系人 (role 'first') per member, which the partial
-- unique index keeps; the list reads by member in the order of adding.
CREATE TABLE IF NOT EXISTS member_contacts (
    id          TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    dept        TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    mobile      TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS member_contacts_member_idx ON member_contacts (member_id, created_at, id);
CREATE UNIQUE INDEX IF NOT EXISTS member_contacts_first_idx ON member_contacts (member_id) WHERE role = 'first';
