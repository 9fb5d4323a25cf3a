-- The durable mail queue (SQLite): event handlers store each outgoing email here
-- and a dispatcher sends it, retrying with backoff until it is accepted. A
-- message is pending until sent, or failed when it can never be delivered.
-- idempotency_key makes a redelivered event store no second copy. A dispatcher
-- that claims a row leases it (locked_by, locked_until) while it sends.
CREATE TABLE IF NOT EXISTS mail_queue (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL,
    recipients      TEXT NOT NULL,              -- JSON array of addresses
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0, -- finished attempts to send
    next_attempt_at TIMESTAMP NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    locked_by       TEXT NOT NULL DEFAULT '',
    locked_until    TIMESTAMP NULL,
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP NULL,
    CONSTRAINT mail_queue_key_unique UNIQUE (idempotency_key),
    CONSTRAINT mail_queue_status_check CHECK (status IN ('pending', 'sent', 'failed'))
);
--bun:split
CREATE INDEX IF NOT EXISTS mail_queue_due_idx ON mail_queue (next_attempt_at, id) WHERE status = 'pending';
--bun:split
CREATE INDEX IF NOT EXISTS mail_queue_sent_idx ON mail_queue (sent_at) WHERE status = 'sent';
