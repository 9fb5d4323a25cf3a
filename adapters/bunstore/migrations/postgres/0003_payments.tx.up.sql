-- Fees and payments (PostgreSQL): the members' payment reference codes and renewal
-- reminders, payments (claims, vouchers, online orders), bank statements and
-- their lines, leases for scheduled jobs and the admin's settings.
ALTER TABLE members ADD COLUMN IF NOT EXISTS payment_ref TEXT NULL;
--bun:split
ALTER TABLE members ADD COLUMN IF NOT EXISTS renewal_reminded INTEGER NOT NULL DEFAULT 0;
--bun:split
-- match_name and form_match_name are payment.MatchName of the registered name
-- and of the application form's name, for matching statement lines by payer.
ALTER TABLE members ADD COLUMN IF NOT EXISTS match_name TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE members ADD COLUMN IF NOT EXISTS form_match_name TEXT NOT NULL DEFAULT '';
--bun:split
UPDATE members SET match_name = REPLACE(REPLACE(REPLACE(REPLACE(name, ' ', ''), '（', '('), '）', ')'), '　', '');
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS members_payment_ref_unique ON members (payment_ref) WHERE payment_ref IS NOT NULL;
--bun:split
CREATE INDEX IF NOT EXISTS members_match_name_idx ON members (match_name);
--bun:split
CREATE INDEX IF NOT EXISTS members_form_match_name_idx ON members (form_match_name) WHERE form_match_name <> '';
--bun:split
CREATE INDEX IF NOT EXISTS members_status_valid_until_idx ON members (status, valid_until, id);
--bun:split
CREATE TABLE IF NOT EXISTS payments (
    id                   TEXT PRIMARY KEY,
    member_id            TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    purpose              TEXT NOT NULL,
    method               TEXT NOT NULL,
    status               TEXT NOT NULL,
    amount_fen           BIGINT NOT NULL,
    out_trade_no         TEXT NULL,
    voucher_key          TEXT NOT NULL DEFAULT '',
    voucher_content_type TEXT NOT NULL DEFAULT '',
    voucher_size         BIGINT NOT NULL DEFAULT 0,
    voucher_file_name    TEXT NOT NULL DEFAULT '',
    paid_fen             BIGINT NOT NULL DEFAULT 0,
    paid_on              DATE NULL,
    bank_ref             TEXT NULL,
    trade_no             TEXT NULL,
    source               TEXT NOT NULL DEFAULT '',
    staff_id             TEXT NOT NULL DEFAULT '',
    reason               TEXT NOT NULL DEFAULT '',
    handled_at           TIMESTAMPTZ NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    CONSTRAINT payments_out_trade_no_unique UNIQUE (out_trade_no)
);
--bun:split
-- A bank reference counts for one payment only.
CREATE UNIQUE INDEX IF NOT EXISTS payments_bank_ref_unique ON payments (bank_ref)
    WHERE bank_ref IS NOT NULL AND status IN ('confirmed', 'duplicate');
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS payments_trade_no_unique ON payments (trade_no) WHERE trade_no IS NOT NULL;
--bun:split
-- At most one open claim (transfer or voucher) per member.
CREATE UNIQUE INDEX IF NOT EXISTS payments_open_claim_unique ON payments (member_id)
    WHERE status = 'open' AND method IN ('transfer', 'voucher');
--bun:split
CREATE INDEX IF NOT EXISTS payments_member_idx ON payments (member_id, created_at);
--bun:split
CREATE INDEX IF NOT EXISTS payments_status_idx ON payments (status, created_at);
--bun:split
CREATE TABLE IF NOT EXISTS statements (
    id          TEXT PRIMARY KEY,
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL,
    staff_id    TEXT NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL,
    lines       INTEGER NOT NULL,
    new_lines   INTEGER NOT NULL
);
--bun:split
CREATE TABLE IF NOT EXISTS statement_lines (
    id           TEXT PRIMARY KEY,
    statement_id TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    line_key     TEXT NOT NULL,
    row_no       INTEGER NOT NULL,
    tx_date      DATE NULL,
    amount_fen   BIGINT NOT NULL,
    payer_name   TEXT NOT NULL DEFAULT '',
    remark       TEXT NOT NULL DEFAULT '',
    bank_ref     TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    match_kind   TEXT NOT NULL,
    member_id    TEXT NULL,
    candidates   TEXT NOT NULL DEFAULT '',
    message      TEXT NOT NULL DEFAULT '',
    payment_id   TEXT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT statement_lines_key_unique UNIQUE (line_key)
);
--bun:split
CREATE INDEX IF NOT EXISTS statement_lines_statement_idx ON statement_lines (statement_id, row_no);
--bun:split
CREATE INDEX IF NOT EXISTS statement_lines_status_idx ON statement_lines (status, updated_at);
--bun:split
CREATE TABLE IF NOT EXISTS leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE TABLE IF NOT EXISTS settings (
    "key"      TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
