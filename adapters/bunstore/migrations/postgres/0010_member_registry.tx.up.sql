-- The member registry (会员管理, PostgreSQL): see the SQLite migration of the same
-- number. The searchable terms are a tsvector of bigram tokens (positions kept, so
-- that a substring is a phrase query), with a GIN index. Sort keys compare byte by
-- byte (COLLATE "C"), as on SQLite and in memory.
CREATE TABLE IF NOT EXISTS member_search (
    member_id     TEXT COLLATE "C" PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    search_key    TEXT NOT NULL,
    kind          TEXT NOT NULL,
    level         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    fee_state     TEXT NOT NULL,
    province      TEXT NOT NULL DEFAULT '',
    industry      TEXT NOT NULL DEFAULT '',
    joined_year   TEXT NOT NULL DEFAULT '',
    joined_on     DATE NULL,
    valid_until   DATE NULL,
    number        TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    uscc          TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    number_key    TEXT COLLATE "C" NOT NULL,
    name_key      TEXT COLLATE "C" NOT NULL,
    joined_key    TEXT COLLATE "C" NOT NULL,
    validity_key  TEXT COLLATE "C" NOT NULL,
    terms         TEXT NOT NULL DEFAULT '',
    facet_key     TEXT NOT NULL DEFAULT '',
    tokens        TSVECTOR NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX IF NOT EXISTS member_search_tokens_idx ON member_search USING gin (tokens);
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
    by_facet TEXT NOT NULL,
    by_value TEXT NOT NULL,
    facet    TEXT NOT NULL,
    value    TEXT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (by_facet, by_value, facet, value)
);
--bun:split
CREATE TABLE IF NOT EXISTS member_events (
    seq         BIGSERIAL PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX IF NOT EXISTS member_events_member_idx ON member_events (member_id, seq);
