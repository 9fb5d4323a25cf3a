-- The reports (统计报表, SQLite): the fee income per month and channel is summed
-- from a partial covering index of the confirmed payments in the order of the
-- day the money arrived (GROUP BY the day reads it in order, without sorting;
-- status is in it too, so that SQLite reads the index alone, not the table);
-- the renewal outcome (流失率) reads the members' validities from a covering
-- index of (valid_until, valid_from). Members per month of joining use
-- member_search_joined_idx, renewals due member_search_status_valid_until_idx,
-- the breakdowns member_facet_counts (all from 0010).
CREATE INDEX IF NOT EXISTS payments_income_idx ON payments (paid_on, method, source, paid_fen, status)
    WHERE status = 'confirmed';
--bun:split
CREATE INDEX IF NOT EXISTS members_validity_idx ON members (valid_until, valid_from)
    WHERE valid_until IS NOT NULL;
