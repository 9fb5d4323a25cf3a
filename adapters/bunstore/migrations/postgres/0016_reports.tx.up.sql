-- The reports (统计报表, PostgreSQL): the fee income per month and channel is
-- summed from a partial covering index of the confirmed payments in the order of
-- the day the money arrived; the renewal outcome (流失率) reads the members'
-- validities from a covering index of (valid_until, valid_from). Members per
-- month of joining use member_search_joined_idx, renewals due
-- member_search_status_valid_until_idx, the breakdowns member_facet_counts (all
-- from 0010).
CREATE INDEX IF NOT EXISTS payments_income_idx ON payments (paid_on, method, source, paid_fen)
    WHERE status = 'confirmed';
--bun:split
CREATE INDEX IF NOT EXISTS members_validity_idx ON members (valid_until, valid_from)
    WHERE valid_until IS NOT NULL;
