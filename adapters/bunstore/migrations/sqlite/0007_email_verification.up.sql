-- Email verification (issue 9, finding 13): an account may apply and pay only
-- once its address is verified. The mails an account sends on request are
-- counted so that they can be limited. Accounts that existed before count as
-- verified (since their registration).
ALTER TABLE members ADD COLUMN email_verified_at TIMESTAMP NULL;
--bun:split
ALTER TABLE members ADD COLUMN verify_mail_at TIMESTAMP NULL;
--bun:split
ALTER TABLE members ADD COLUMN verify_mails INTEGER NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE members ADD COLUMN verify_mails_since TIMESTAMP NULL;
--bun:split
ALTER TABLE members ADD COLUMN attempt_mail_at TIMESTAMP NULL;
--bun:split
UPDATE members SET email_verified_at = created_at WHERE email_verified_at IS NULL;
