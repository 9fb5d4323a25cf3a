-- Initial schema (PostgreSQL). Times are timestamptz (UTC on write), dates are date.
-- Each file runs in its own transaction; statements are idempotent so that a crash
-- between the commit and the bookkeeping row is harmless.
CREATE TABLE IF NOT EXISTS members (
    id                   TEXT PRIMARY KEY,
    kind                 TEXT NOT NULL,
    name                 TEXT NOT NULL,
    email                TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    status               TEXT NOT NULL,
    number               TEXT NULL,
    level                TEXT NOT NULL DEFAULT '',
    reject_reason        TEXT NOT NULL DEFAULT '',
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    valid_from           DATE NULL,
    valid_until          DATE NULL,
    approval_doc_no      TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    CONSTRAINT members_name_unique UNIQUE (kind, name),
    CONSTRAINT members_email_unique UNIQUE (email),
    -- the unique constraint is also the index of lookups by number
    CONSTRAINT members_number_unique UNIQUE (number)
);
--bun:split
CREATE TABLE IF NOT EXISTS staff (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT staff_username_unique UNIQUE (username)
);
--bun:split
CREATE TABLE IF NOT EXISTS sessions (
    token_hash     TEXT PRIMARY KEY,
    principal_kind TEXT NOT NULL,
    principal_id   TEXT NOT NULL,
    role           TEXT NOT NULL,
    persistent     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS sessions_principal_idx ON sessions (principal_kind, principal_id);
--bun:split
CREATE INDEX IF NOT EXISTS sessions_expires_at_idx ON sessions (expires_at);
--bun:split
CREATE TABLE IF NOT EXISTS tokens (
    purpose    TEXT NOT NULL,
    "key"      TEXT NOT NULL,
    payload    BYTEA NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (purpose, "key")
);
--bun:split
CREATE INDEX IF NOT EXISTS tokens_expires_at_idx ON tokens (expires_at);
--bun:split
CREATE TABLE IF NOT EXISTS login_failures (
    id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "key" TEXT NOT NULL,
    at    TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS login_failures_key_at_idx ON login_failures ("key", at);
--bun:split
CREATE TABLE IF NOT EXISTS sequences (
    scope TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
