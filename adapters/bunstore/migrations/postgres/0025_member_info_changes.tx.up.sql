-- Members' 信息变更 requests (issue 13): the name and application form a
-- member asks for, with its proof, until a reviewer approves (the change then
-- applies to the member) or rejects it. One pending request per member, which
-- the partial unique index keeps. The member's history reads by member; the
-- reviewers' queue by status, pending oldest first, decided newest first.
CREATE TABLE IF NOT EXISTS member_info_changes (
    id           TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    member_name  TEXT NOT NULL,
    number       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    name         TEXT NOT NULL,
    data         TEXT NOT NULL,
    proof_key    TEXT NOT NULL,
    proof_name   TEXT NOT NULL DEFAULT '',
    proof_format TEXT NOT NULL,
    proof_size   BIGINT NOT NULL DEFAULT 0,
    reason       TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    decided_at   TIMESTAMPTZ,
    decided_by   TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS member_info_changes_pending_unique ON member_info_changes (member_id)
    WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS member_info_changes_member_idx ON member_info_changes (member_id, created_at, id);
CREATE INDEX IF NOT EXISTS member_info_changes_queue_idx ON member_info_changes (status, created_at, id);
CREATE INDEX IF NOT EXISTS member_info_changes_decided_idx ON member_info_changes (status, decided_at, id);
