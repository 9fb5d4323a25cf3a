-- When each event of the SQLite outbox occurred (the event's own time), so that
-- relayed messages carry the same occurred-at as those of the PostgreSQL outbox.
-- Rows written before this column have NULL and fall back to created_at.
ALTER TABLE outbox_messages ADD COLUMN occurred_at TIMESTAMP NULL;
