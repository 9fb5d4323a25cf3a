-- The member detail lists a member's payments and notifications newest first,
-- ties broken by id (ORDER BY created_at DESC, id DESC LIMIT n): with id in
-- the index the index gives that order and no sort is needed (SQLite built a
-- temporary B-tree for each such query). They replace the indexes of
-- (member_id, created_at), which they cover.
CREATE INDEX IF NOT EXISTS payments_member_order_idx ON payments (member_id, created_at, id);
--bun:split
DROP INDEX IF EXISTS payments_member_idx;
--bun:split
CREATE INDEX IF NOT EXISTS notifications_member_order_idx ON notifications (member_id, created_at, id);
--bun:split
DROP INDEX IF EXISTS notifications_member_idx;
