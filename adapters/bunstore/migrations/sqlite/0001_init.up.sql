-- Initial schema (SQLite). Times are UTC text written by bun
-- ("2006-01-02 15:04:05.999999+00:00"), which sorts in time order; dates are
-- "2006-01-02". The migrator runs this file inside one IMMEDIATE transaction.
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
    valid_from           TEXT NULL,
    valid_until          TEXT NULL,
    approval_doc_no      TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
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
    created_at    TIMESTAMP NOT NULL,
    CONSTRAINT staff_username_unique UNIQUE (username)
);
--bun:split
CREATE TABLE IF NOT EXISTS sessions (
    token_hash     TEXT PRIMARY KEY,
    principal_kind TEXT NOT NULL,
    principal_id   TEXT NOT NULL,
    role           TEXT NOT NULL,
    persistent     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS sessions_principal_idx ON sessions (principal_kind, principal_id);
--bun:split
CREATE INDEX IF NOT EXISTS sessions_expires_at_idx ON sessions (expires_at);
--bun:split
CREATE TABLE IF NOT EXISTS tokens (
    purpose    TEXT NOT NULL,
    "key"      TEXT NOT NULL,
    payload    BLOB NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (purpose, "key")
);
--bun:split
CREATE INDEX IF NOT EXISTS tokens_expires_at_idx ON tokens (expires_at);
--bun:split
CREATE TABLE IF NOT EXISTS login_failures (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    at  TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS login_failures_key_at_idx ON login_failures ("key", at);
--bun:split
CREATE TABLE IF NOT EXISTS sequences (
    scope TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
--bun:split
CREATE TABLE IF NOT EXISTS outbox_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    payload    BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at    TIMESTAMP NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS outbox_messages_unsent_idx ON outbox_messages (id) WHERE sent_at IS NULL;
