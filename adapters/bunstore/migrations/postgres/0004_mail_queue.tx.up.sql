-- The durable mail queue (PostgreSQL): event handlers store each outgoing email
-- here and a dispatcher sends it, retrying with backoff until it is accepted. A
-- message is pending until sent, or failed when it can never be delivered.
-- idempotency_key makes a redelivered event store no second copy. A dispatcher
-- that claims a row leases it (locked_by, locked_until) while it sends, so that
-- of several instances one sends it.
CREATE TABLE IF NOT EXISTS mail_queue (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key TEXT NOT NULL,
    recipients      TEXT NOT NULL,              -- JSON array of addresses
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0, -- finished attempts to send
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    locked_by       TEXT NOT NULL DEFAULT '',
    locked_until    TIMESTAMPTZ NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ NULL,
    CONSTRAINT mail_queue_key_unique UNIQUE (idempotency_key),
    CONSTRAINT mail_queue_status_check CHECK (status IN ('pending', 'sent', 'failed'))
);
--bun:split
CREATE INDEX IF NOT EXISTS mail_queue_due_idx ON mail_queue (next_attempt_at, id) WHERE status = 'pending';
--bun:split
CREATE INDEX IF NOT EXISTS mail_queue_sent_idx ON mail_queue (sent_at) WHERE status = 'sent';
