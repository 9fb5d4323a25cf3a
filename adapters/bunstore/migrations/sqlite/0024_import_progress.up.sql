-- 导入老会员 (issue 11): when a running batch last made progress (each chunk
-- written sets it), so that a batch whose process died mid-import is told
-- from one still running and marked failed after a while without progress.
ALTER TABLE import_batches ADD COLUMN progress_at TIMESTAMP;
--bun:split
CREATE INDEX IF NOT EXISTS import_batches_running_idx ON import_batches (status) WHERE status = 'running';
--bun:split
-- An imported member's batch rows by member: the first login's NoteLogin and
-- the cascade of a member's deletion would otherwise scan the whole table.
CREATE INDEX IF NOT EXISTS import_batch_members_member_idx ON import_batch_members (member_id);
