-- The member detail in 会员管理 reads a member's invoices, submissions,
-- contacts and council forms on every view. Each of these reads found the
-- member's rows by index but then sorted them in a temporary B-tree (the
-- order of the index did not match the page's), which costs SQLite more than
-- the read itself even for a member with no rows. These indexes hold the rows
-- in the order the page asks (an index read backwards serves DESC, DESC).
CREATE INDEX IF NOT EXISTS invoices_member_updated_idx ON invoices (member_id, updated_at, id);
CREATE INDEX IF NOT EXISTS member_submissions_member_order_idx ON member_submissions (member_id, submitted_at, id);
-- The 第一联系人 first, then by creation: the expression is the one the read
-- orders by.
CREATE INDEX IF NOT EXISTS member_contacts_order_idx ON member_contacts
    (member_id, (CASE WHEN role = 'first' THEN 0 ELSE 1 END), created_at, id);
-- The recommendation form before the appointment one.
CREATE INDEX IF NOT EXISTS council_forms_member_order_idx ON council_forms
    (member_id, (CASE WHEN kind = 'recommend' THEN 0 ELSE 1 END), kind);
