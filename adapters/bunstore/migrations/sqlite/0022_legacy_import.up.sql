-- 导入老会员 (issue 11). An imported member has no password hash: until
-- initial_credential_until it logs in with its initial password (the full
-- pinyin of a name, see core/app/command/initial_credential.go).
-- import_batches is one row per committed import (第 N 批) with its progress;
-- preview_key makes a preview committable once. import_batch_members is what
-- each batch created or updated (prior: the updated member before, for undo)
-- and when the member first logged in (the batch page's 未登录 list).
ALTER TABLE members ADD COLUMN initial_credential_until TIMESTAMP;
--bun:split
CREATE TABLE IF NOT EXISTS import_batches (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    preview_key TEXT NOT NULL UNIQUE,
    file_name   TEXT NOT NULL DEFAULT '',
    staff_id    TEXT NOT NULL,
    staff_name  TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    total       INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    created     INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
--bun:split
CREATE TABLE IF NOT EXISTS import_batch_members (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id     TEXT NOT NULL REFERENCES import_batches (id),
    member_id    TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created      BOOLEAN NOT NULL,
    version      INTEGER NOT NULL,
    prior        TEXT NOT NULL DEFAULT '',
    logged_in_at TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS import_batch_members_idx ON import_batch_members (batch_id, member_id);
--bun:split
CREATE INDEX IF NOT EXISTS import_batch_members_order_idx ON import_batch_members (batch_id, seq);
--bun:split
CREATE INDEX IF NOT EXISTS import_batch_members_member_idx ON import_batch_members (member_id);
--bun:split
-- An import matches its rows with the stored members by USCC and ID number.
CREATE INDEX IF NOT EXISTS member_search_uscc_idx ON member_search (uscc) WHERE uscc <> '';
--bun:split
CREATE INDEX IF NOT EXISTS applications_id_number_idx ON applications (json_extract(form, '$.id_number'));
