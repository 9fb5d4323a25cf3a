-- 完善理事资料 (issue 13, item 4): council members' registration forms, one
-- per member and kind (recommend: 理事会副会长候选人推荐登记表, appointment:
-- 理事会副会长干部任免表). The fields and the 工作经历 rows are JSON (their set is
-- the core's, council.FieldsOf). The staff's queue reads by status, most
-- recently submitted first.
CREATE TABLE IF NOT EXISTS council_forms (
    id             TEXT PRIMARY KEY,
    member_id      TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    fields         TEXT NOT NULL DEFAULT '{}',
    rows_json      TEXT NOT NULL DEFAULT '[]',
    return_reason  TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMPTZ NULL,
    reviewed_at    TIMESTAMPTZ NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS council_forms_member_kind_idx ON council_forms (member_id, kind);
CREATE INDEX IF NOT EXISTS council_forms_queue_idx ON council_forms (status, submitted_at DESC, updated_at DESC, id DESC);

-- The council's 联系人信息: the person council mail is addressed to (one per member).
CREATE TABLE IF NOT EXISTS council_contacts (
    member_id   TEXT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    title       TEXT NOT NULL,
    phone       TEXT NOT NULL,
    email       TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
