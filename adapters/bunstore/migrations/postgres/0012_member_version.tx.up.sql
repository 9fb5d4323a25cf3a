-- The member registry's staff changes (issue 10, items 3–5): version counts the
-- stored changes of a member, so that a staff form prepared on an older copy is
-- refused instead of overwriting what changed meanwhile (optimistic
-- concurrency); status_reason is why a member was suspended or withdrew.
ALTER TABLE members ADD COLUMN IF NOT EXISTS version BIGINT NOT NULL DEFAULT 1;
--bun:split
ALTER TABLE members ADD COLUMN IF NOT EXISTS status_reason TEXT NOT NULL DEFAULT '';
