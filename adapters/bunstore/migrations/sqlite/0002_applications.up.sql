-- Membership applications, in-portal notifications and the ledger of handled
-- events (SQLite). The application belongs to the member aggregate: the member
-- repository reads and writes it in the member's transaction.
CREATE TABLE IF NOT EXISTS applications (
    member_id         TEXT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    form              TEXT NOT NULL DEFAULT '{}', -- JSON of the form of the member's kind
    scan_key          TEXT NOT NULL DEFAULT '',
    scan_content_type TEXT NOT NULL DEFAULT '',
    scan_size         BIGINT NOT NULL DEFAULT 0,
    scan_file_name    TEXT NOT NULL DEFAULT '',
    scan_uploaded_at  TIMESTAMP NULL,
    confirmed_stamped BOOLEAN NOT NULL DEFAULT FALSE,
    saved_at          TIMESTAMP NULL,
    submitted_at      TIMESTAMP NULL,
    approved_at       TIMESTAMP NULL,
    rejected_at       TIMESTAMP NULL
);
--bun:split
CREATE INDEX IF NOT EXISTS applications_submitted_at_idx ON applications (submitted_at);
--bun:split
CREATE INDEX IF NOT EXISTS applications_approved_at_idx ON applications (approved_at) WHERE approved_at IS NOT NULL;
--bun:split
CREATE INDEX IF NOT EXISTS members_status_idx ON members (status);
--bun:split
CREATE TABLE IF NOT EXISTS notifications (
    id         TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    "key"      TEXT NOT NULL, -- the source event occurrence: one notification per event
    category   TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP NULL,
    CONSTRAINT notifications_key_unique UNIQUE ("key")
);
--bun:split
CREATE INDEX IF NOT EXISTS notifications_member_idx ON notifications (member_id, created_at);
--bun:split
CREATE INDEX IF NOT EXISTS notifications_unread_idx ON notifications (member_id) WHERE read_at IS NULL;
--bun:split
CREATE TABLE IF NOT EXISTS handled_events (
    handler    TEXT NOT NULL,
    "key"      TEXT NOT NULL,
    handled_at TIMESTAMP NOT NULL,
    PRIMARY KEY (handler, "key")
);
