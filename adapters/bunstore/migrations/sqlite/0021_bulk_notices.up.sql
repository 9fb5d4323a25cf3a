-- Bulk notices (群发通知): a campaign per notice staff send, and one recipient
-- row per member it goes to — unique per (campaign, member), so a retried send
-- or dispatch never reaches a member twice. Recipients are inserted by one
-- INSERT … SELECT from member_search (the registry's filters); the dispatcher
-- reads the pending ones in member order and counts states by aggregate.
CREATE TABLE IF NOT EXISTS bulk_notices (
    id             TEXT PRIMARY KEY,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    portal         BOOLEAN NOT NULL,
    email          BOOLEAN NOT NULL,
    filters        TEXT NOT NULL DEFAULT '',
    filter_summary TEXT NOT NULL DEFAULT '',
    request_key    TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    started_at     TIMESTAMP NULL,
    recipients     INTEGER NOT NULL DEFAULT 0
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS bulk_notices_request_idx ON bulk_notices (request_key) WHERE request_key <> '';
--bun:split
CREATE INDEX IF NOT EXISTS bulk_notices_created_idx ON bulk_notices (created_at, id);
--bun:split
CREATE TABLE IF NOT EXISTS bulk_notice_recipients (
    campaign_id  TEXT NOT NULL REFERENCES bulk_notices (id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL,
    number       TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    individual   BOOLEAN NOT NULL DEFAULT FALSE,
    state        TEXT NOT NULL DEFAULT 'pending',
    done_at      TIMESTAMP NULL,
    PRIMARY KEY (campaign_id, member_id),
    CONSTRAINT bulk_notice_recipients_state_check CHECK (state IN ('pending', 'sent', 'failed'))
);
--bun:split
CREATE INDEX IF NOT EXISTS bulk_notice_recipients_state_idx ON bulk_notice_recipients (campaign_id, state, member_id);
