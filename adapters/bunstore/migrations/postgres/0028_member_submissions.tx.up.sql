-- 企业投稿: enterprise members' manuscripts (Word documents), reviewed by the
-- editors; an approved one is published as a 会员动态 article.
CREATE TABLE IF NOT EXISTS member_submissions (
    id           TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    member_name  TEXT NOT NULL,
    title        TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    file_key     TEXT NOT NULL,
    format       TEXT NOT NULL,
    size         BIGINT NOT NULL,
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    article_id   TEXT NOT NULL DEFAULT '',
    submitted_at TIMESTAMPTZ NOT NULL,
    reviewed_at  TIMESTAMPTZ,
    reviewed_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS member_submissions_member_idx ON member_submissions (member_id, submitted_at DESC, id);
CREATE INDEX IF NOT EXISTS member_submissions_status_idx ON member_submissions (status, submitted_at DESC, id);
