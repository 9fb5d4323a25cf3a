-- When a staff account was disabled (NULL while it may log in): a disabled
-- account cannot log in and its sessions are not found.
ALTER TABLE staff ADD COLUMN IF NOT EXISTS disabled_at TIMESTAMPTZ NULL;
