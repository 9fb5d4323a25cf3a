-- The audit log (审计日志): every staff action — who, when, from which address,
-- what, on which member or record, and each field before → after (changes, a
-- JSON array). Append-only: the trigger refuses every UPDATE, DELETE and
-- TRUNCATE, so that not even a bug can rewrite it. member_id has no foreign
-- key: the log outlives what it talks about.
CREATE TABLE IF NOT EXISTS audit_log (
    id        BIGSERIAL PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    staff_id  TEXT NOT NULL,
    address   TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    member_id TEXT NOT NULL DEFAULT '',
    subject   TEXT NOT NULL DEFAULT '',
    summary   TEXT NOT NULL DEFAULT '',
    reason    TEXT NOT NULL DEFAULT '',
    changes   TEXT NOT NULL DEFAULT '[]'
);
--bun:split
CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at, id);
--bun:split
CREATE INDEX IF NOT EXISTS audit_log_staff_idx ON audit_log (staff_id, at, id);
--bun:split
CREATE INDEX IF NOT EXISTS audit_log_member_idx ON audit_log (member_id, at, id);
--bun:split
CREATE INDEX IF NOT EXISTS audit_log_action_idx ON audit_log (action, at, id);
--bun:split
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
--bun:split
DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log;
--bun:split
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--bun:split
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
--bun:split
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
