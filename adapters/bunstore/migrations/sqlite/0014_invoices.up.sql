-- Invoices (开具发票): a member's request for the invoice of a confirmed
-- payment (缴费发票) and advance invoices (借发票) asked before the fee arrives.
-- One live (pending or issued) request per payment; a voided invoice (红冲)
-- stays beside the request that re-issues it. advance_state is the request's
-- invoice.AdvanceState, kept for finance's lists ('' for ordinary requests).
-- version counts saves: a save from a stale version changes nothing.
CREATE TABLE IF NOT EXISTS invoices (
    id               TEXT PRIMARY KEY,
    member_id        TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    member_name      TEXT NOT NULL DEFAULT '',
    payment_id       TEXT NULL,
    is_advance       BOOLEAN NOT NULL DEFAULT FALSE,
    title            TEXT NOT NULL,
    tax_id           TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL,
    address          TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    bank             TEXT NOT NULL DEFAULT '',
    account          TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    amount_fen       BIGINT NOT NULL,
    state            TEXT NOT NULL,
    advance_state    TEXT NOT NULL DEFAULT '',
    number           TEXT NOT NULL DEFAULT '',
    issued_on        TEXT NULL,
    issued_fen       BIGINT NOT NULL DEFAULT 0,
    file_key         TEXT NOT NULL DEFAULT '',
    file_name        TEXT NOT NULL DEFAULT '',
    file_format      TEXT NOT NULL DEFAULT '',
    file_size        BIGINT NOT NULL DEFAULT 0,
    issued_by        TEXT NOT NULL DEFAULT '',
    issued_at        TIMESTAMP NULL,
    adv_reason       TEXT NOT NULL DEFAULT '',
    adv_expected_on  TEXT NULL,
    adv_contact      TEXT NOT NULL DEFAULT '',
    adv_phone        TEXT NOT NULL DEFAULT '',
    adv_fee_due_fen  BIGINT NOT NULL DEFAULT 0,
    scan_key         TEXT NOT NULL DEFAULT '',
    scan_name        TEXT NOT NULL DEFAULT '',
    scan_format      TEXT NOT NULL DEFAULT '',
    scan_size        BIGINT NOT NULL DEFAULT 0,
    settled_by       TEXT NOT NULL DEFAULT '',
    settled_at       TIMESTAMP NULL,
    write_off_reason TEXT NOT NULL DEFAULT '',
    written_off_by   TEXT NOT NULL DEFAULT '',
    written_off_at   TIMESTAMP NULL,
    reason           TEXT NOT NULL DEFAULT '',
    handled_by       TEXT NOT NULL DEFAULT '',
    replaces         TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1
);
--bun:split
-- One live request per payment.
CREATE UNIQUE INDEX IF NOT EXISTS invoices_live_payment_unique ON invoices (payment_id)
    WHERE payment_id IS NOT NULL AND state IN ('pending', 'issued');
--bun:split
-- A member's requests (申请发票 page, member detail).
CREATE INDEX IF NOT EXISTS invoices_member_idx ON invoices (member_id, created_at, id);
--bun:split
-- Finance's queue by state: pending oldest first, the others by last change.
CREATE INDEX IF NOT EXISTS invoices_state_created_idx ON invoices (state, created_at, id);
--bun:split
CREATE INDEX IF NOT EXISTS invoices_state_updated_idx ON invoices (state, updated_at, id);
--bun:split
-- Open and overdue advances by their expected day.
CREATE INDEX IF NOT EXISTS invoices_advance_idx ON invoices (advance_state, adv_expected_on, id)
    WHERE advance_state <> '';
--bun:split
-- Files attached to a queued email (an issued e-invoice): a JSON array of
-- ports.Attachment, '' for none.
ALTER TABLE mail_queue ADD COLUMN attachments TEXT NOT NULL DEFAULT '';
