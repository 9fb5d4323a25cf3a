-- The audit log (审计日志): every staff action — who, when, from which address,
-- what, on which member or record, and each field before → after (changes, a
-- JSON array). Append-only: the triggers refuse every UPDATE and DELETE, so
-- that not even a bug can rewrite it. member_id has no foreign key: the log
-- outlives what it talks about.
CREATE TABLE IF NOT EXISTS audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TIMESTAMP NOT NULL,
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
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--bun:split
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
