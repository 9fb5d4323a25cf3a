-- When a staff account last logged in (NULL until its first login after this
-- migration), for 工作人员管理; and the index of the count of active admins that
-- guards the last admin.
ALTER TABLE staff ADD COLUMN IF NOT EXISTS last_login_at TIMESTAMPTZ NULL;
--bun:split
CREATE INDEX IF NOT EXISTS staff_role_idx ON staff (role, disabled_at);
