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
