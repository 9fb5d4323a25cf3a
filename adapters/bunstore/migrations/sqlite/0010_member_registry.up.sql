-- The member registry (会员管理, SQLite): member_search files every member under
-- what the list filters, sorts and shows — fields of the application form (USCC,
-- province, industry, contact) copied out of its JSON — written by the member
-- repository in the member's transaction (adapters/internal/memberindex builds the
-- row). member_search_fts indexes the searchable terms as bigram tokens, so that
-- any substring (「质量」, pinyin initials 「zgzl」) is a phrase query.
-- member_facet_counts keeps the counts beside the list's filters (per value, and
-- per value given one other filter's value), changed in the same transactions.
-- member_events is every member's history (the events of each change, written
-- with the outbox). Existing members are filed by bunstore when it migrates.
CREATE TABLE IF NOT EXISTS member_search (
    seq           INTEGER PRIMARY KEY, -- the rowid of member_search_fts
    member_id     TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    search_key    TEXT NOT NULL,       -- memberindex.Version and time zone of the row
    kind          TEXT NOT NULL,
    level         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    fee_state     TEXT NOT NULL,
    province      TEXT NOT NULL DEFAULT '',
    industry      TEXT NOT NULL DEFAULT '',
    joined_year   TEXT NOT NULL DEFAULT '',
    joined_on     TEXT NULL,
    valid_until   TEXT NULL,
    number        TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    uscc          TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    number_key    TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    joined_key    TEXT NOT NULL,
    validity_key  TEXT NOT NULL,
    terms         TEXT NOT NULL DEFAULT '', -- the indexed terms, to skip unchanged ones
    facet_key     TEXT NOT NULL DEFAULT '', -- the counted values and the validity in one (counts read it from indexes)
    CONSTRAINT member_search_member_unique UNIQUE (member_id)
);
--bun:split
CREATE VIRTUAL TABLE IF NOT EXISTS member_search_fts USING fts5(tokens, content='', contentless_delete=1);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_number_idx ON member_search (number_key, member_id);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_name_idx ON member_search (name_key, member_id);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_joined_idx ON member_search (joined_key, member_id);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_validity_idx ON member_search (validity_key, member_id);
--bun:split
-- A filter's value (and the status), then the default order and the counted
-- values: a filtered first page is read from an index in order, and the list
-- and the counts beside the filters are counted from the index alone.
CREATE INDEX IF NOT EXISTS member_search_status_idx ON member_search (status, number_key, member_id, facet_key);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_status_valid_until_idx ON member_search (status, valid_until);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_province_idx ON member_search (province, status, number_key, member_id, facet_key);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_industry_idx ON member_search (industry, status, number_key, member_id, facet_key);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_kind_idx ON member_search (kind, status, number_key, member_id, facet_key);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_level_idx ON member_search (level, status, number_key, member_id, facet_key);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_fee_idx ON member_search (fee_state, status, number_key, member_id, facet_key);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_joined_year_idx ON member_search (joined_year, status, number_key, member_id, facet_key);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_valid_until_idx ON member_search (valid_until) WHERE valid_until IS NOT NULL;
--bun:split
CREATE TABLE IF NOT EXISTS member_facet_counts (
    by_facet TEXT NOT NULL, -- '' for the counts of all members
    by_value TEXT NOT NULL,
    facet    TEXT NOT NULL,
    value    TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (by_facet, by_value, facet, value)
) WITHOUT ROWID;
--bun:split
CREATE TABLE IF NOT EXISTS member_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id   TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    payload     TEXT NOT NULL, -- the event as JSON, without secrets (member.ForHistory)
    occurred_at TIMESTAMP NOT NULL,
    actor       TEXT NOT NULL DEFAULT '' -- who acted: empty until events carry it
);
--bun:split
CREATE INDEX IF NOT EXISTS member_events_member_idx ON member_events (member_id, seq);
