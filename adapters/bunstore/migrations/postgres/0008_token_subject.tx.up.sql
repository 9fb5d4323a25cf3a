-- The subject a token belongs to (the member of a password-reset link): a
-- subject has at most one live token per purpose, so a newer reset link
-- replaces the older one, and all of a member's links can be ended at once
-- (on reset and on password change). Tokens without a subject keep ''.
ALTER TABLE tokens ADD COLUMN IF NOT EXISTS subject TEXT NOT NULL DEFAULT '';
--bun:split
-- Reset links issued before this migration: keep each member's newest and
-- record its member (the payload) as the subject.
DELETE FROM tokens WHERE purpose = 'password_reset' AND EXISTS (
    SELECT 1 FROM tokens t2 WHERE t2.purpose = 'password_reset' AND t2.payload = tokens.payload
    AND (t2.expires_at > tokens.expires_at OR (t2.expires_at = tokens.expires_at AND t2."key" > tokens."key")));
--bun:split
UPDATE tokens SET subject = convert_from(payload, 'UTF8') WHERE purpose = 'password_reset';
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS tokens_subject_unique ON tokens (purpose, subject) WHERE subject <> '';
