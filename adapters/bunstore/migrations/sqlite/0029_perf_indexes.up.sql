-- The back office's menu shows the admin the count of emails that failed for
-- good (status = 'failed') on every page. Without an index that count read the
-- whole mail queue — every sent email is kept for the retention (7 days by
-- default), and SQLite reads past each row's bodies to reach its status — and
-- took most of each 会员管理 request once a renewal sweep had queued its
-- reminders. This partial index holds the failed emails only (the admin's list
-- reads it newest first).
CREATE INDEX IF NOT EXISTS mail_queue_failed_idx ON mail_queue (id) WHERE status = 'failed';
