-- The money cases (issue 12 item 5): partial payments (status 'partial', the
-- payment that completed the fee in completed_by) and refunds due (退款待办:
-- the excess or the whole duplicate in refund_fen, where it stands in
-- refund_state, finance's record of the refund in refunded_on, refund_ref,
-- refund_note, refund_by, refund_at).
ALTER TABLE payments ADD COLUMN completed_by TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE payments ADD COLUMN refund_fen BIGINT NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE payments ADD COLUMN refund_state TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE payments ADD COLUMN refunded_on TEXT NULL;
--bun:split
ALTER TABLE payments ADD COLUMN refund_ref TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE payments ADD COLUMN refund_note TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE payments ADD COLUMN refund_by TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE payments ADD COLUMN refund_at TIMESTAMP NULL;
--bun:split
-- Duplicates recorded before are refunds due.
UPDATE payments SET refund_fen = paid_fen, refund_state = 'due' WHERE status = 'duplicate' AND refund_state = '';
--bun:split
-- A bank reference counts for one payment only, partial payments included.
DROP INDEX IF EXISTS payments_bank_ref_unique;
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS payments_bank_ref_unique ON payments (bank_ref)
    WHERE bank_ref IS NOT NULL AND status IN ('confirmed', 'duplicate', 'partial');
--bun:split
-- The refund list (by state, newest first) and the ledger (by confirmation time).
CREATE INDEX IF NOT EXISTS payments_refund_idx ON payments (refund_state, handled_at) WHERE refund_state <> '';
--bun:split
CREATE INDEX IF NOT EXISTS payments_handled_idx ON payments (handled_at, id) WHERE handled_at IS NOT NULL;
--bun:split
-- A partial payment's money is income too: the income triggers of 0016 count
-- confirmed and partial payments (what arrived, paid_fen).
DROP TRIGGER IF EXISTS payments_income_insert;
--bun:split
DROP TRIGGER IF EXISTS payments_income_update;
--bun:split
DROP TRIGGER IF EXISTS payments_income_delete;
--bun:split
DELETE FROM payment_income;
--bun:split
INSERT INTO payment_income (paid_on, method, source, n, fen)
SELECT paid_on, method, source, count(*), SUM(paid_fen) FROM payments
WHERE status IN ('confirmed', 'partial') AND paid_on IS NOT NULL
GROUP BY paid_on, method, source;
--bun:split
CREATE TRIGGER IF NOT EXISTS payments_income_insert AFTER INSERT ON payments
WHEN NEW.status IN ('confirmed', 'partial') AND NEW.paid_on IS NOT NULL
BEGIN
    INSERT INTO payment_income (paid_on, method, source, n, fen)
    VALUES (NEW.paid_on, NEW.method, NEW.source, 1, NEW.paid_fen)
    ON CONFLICT (paid_on, method, source) DO UPDATE SET n = n + 1, fen = fen + excluded.fen;
END;
--bun:split
CREATE TRIGGER IF NOT EXISTS payments_income_update AFTER UPDATE OF status, paid_on, method, source, paid_fen
ON payments
WHEN (OLD.status IN ('confirmed', 'partial') AND OLD.paid_on IS NOT NULL)
    OR (NEW.status IN ('confirmed', 'partial') AND NEW.paid_on IS NOT NULL)
BEGIN
    UPDATE payment_income SET n = n - 1, fen = fen - OLD.paid_fen
    WHERE OLD.status IN ('confirmed', 'partial') AND OLD.paid_on IS NOT NULL
      AND paid_on = OLD.paid_on AND method = OLD.method AND source = OLD.source;
    INSERT INTO payment_income (paid_on, method, source, n, fen)
    SELECT NEW.paid_on, NEW.method, NEW.source, 1, NEW.paid_fen
    WHERE NEW.status IN ('confirmed', 'partial') AND NEW.paid_on IS NOT NULL
    ON CONFLICT (paid_on, method, source) DO UPDATE SET n = n + 1, fen = fen + excluded.fen;
END;
--bun:split
CREATE TRIGGER IF NOT EXISTS payments_income_delete AFTER DELETE ON payments
WHEN OLD.status IN ('confirmed', 'partial') AND OLD.paid_on IS NOT NULL
BEGIN
    UPDATE payment_income SET n = n - 1, fen = fen - OLD.paid_fen
    WHERE paid_on = OLD.paid_on AND method = OLD.method AND source = OLD.source;
END;
