-- The public site (SQLite): 会员查询 finds enterprises by their USCC (the number
-- and the name are found through the members table's unique constraints).
CREATE INDEX IF NOT EXISTS member_search_uscc_idx ON member_search (uscc) WHERE uscc <> '';
