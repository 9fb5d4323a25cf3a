-- The lost-notification job (command.QueryOpenPaymentsHandler) lists the open
-- online orders made in a time window, oldest first: by method, status and
-- creation time.
CREATE INDEX IF NOT EXISTS payments_method_status_idx ON payments (method, status, created_at);
