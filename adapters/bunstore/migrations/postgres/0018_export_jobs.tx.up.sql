-- Background exports (导出任务): a large export runs as a job whose file goes
-- to the file store; one unfinished job per staff account (partial unique
-- index); the clean-up deletes jobs and files past expires_at.
CREATE TABLE IF NOT EXISTS export_jobs (
    id          TEXT PRIMARY KEY,
    staff_id    TEXT NOT NULL,
    role        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    list        TEXT NOT NULL,
    format      TEXT NOT NULL,
    params      TEXT NOT NULL,
    state       TEXT NOT NULL,
    rows_done   BIGINT NOT NULL DEFAULT 0,
    rows_total  BIGINT NOT NULL DEFAULT 0,
    file_key    TEXT NOT NULL DEFAULT '',
    error       TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE UNIQUE INDEX IF NOT EXISTS export_jobs_one_unfinished ON export_jobs (staff_id)
    WHERE state IN ('queued', 'running');
--bun:split
CREATE INDEX IF NOT EXISTS export_jobs_staff_idx ON export_jobs (staff_id, created_at);
--bun:split
CREATE INDEX IF NOT EXISTS export_jobs_state_idx ON export_jobs (state, created_at);
--bun:split
CREATE INDEX IF NOT EXISTS export_jobs_expires_idx ON export_jobs (expires_at);
