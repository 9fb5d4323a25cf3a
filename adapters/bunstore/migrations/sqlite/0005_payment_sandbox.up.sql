-- Payments a sandbox gateway reported paid (the embedded Alipay sandbox or
-- Alipay's own): no real money moved, and the back office says so.
ALTER TABLE payments ADD COLUMN sandbox BOOLEAN NOT NULL DEFAULT FALSE;
