-- The public site (SQLite): 会员查询 finds enterprises by their USCC (the number
-- and the name are found through the members table's unique constraints).
CREATE INDEX IF NOT EXISTS member_search_uscc_idx ON member_search (uscc) WHERE uscc <> '';
--bun:split
-- The site's articles (通知公告, 协会新闻, 活动通告, 缴费须知): Markdown body, files as a
-- JSON array, audience, pin, schedule (publish_at / unpublish_at, NULL: none),
-- draft → published → archived; version guards concurrent saves.
CREATE TABLE IF NOT EXISTS articles (
    id           TEXT PRIMARY KEY,
    col          TEXT NOT NULL,
    title        TEXT NOT NULL,
    day          TIMESTAMP NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    audience     TEXT NOT NULL DEFAULT 'public',
    pinned       BOOLEAN NOT NULL DEFAULT FALSE,
    status       TEXT NOT NULL DEFAULT 'draft',
    publish_at   TIMESTAMP,
    unpublish_at TIMESTAMP,
    files        TEXT NOT NULL DEFAULT '[]',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    updated_by   TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1
);
--bun:split
CREATE INDEX IF NOT EXISTS articles_list_idx ON articles (col, status, pinned DESC, day DESC, created_at DESC, id DESC);
--bun:split
-- The editor's list of a column (every status) in the same order.
CREATE INDEX IF NOT EXISTS articles_editor_idx ON articles (col, pinned DESC, day DESC, created_at DESC, id DESC);
