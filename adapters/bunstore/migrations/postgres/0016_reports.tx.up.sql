-- The reports (统计报表, PostgreSQL): the fee income per month and channel is
-- summed from payment_income (below), kept by a trigger; the renewal outcome
-- (流失率) reads the members' validities from a covering index of (valid_until,
-- valid_from). Members per month of joining use member_search_joined_idx,
-- renewals due member_search_status_valid_until_idx, the breakdowns
-- member_facet_counts (all from 0010).
CREATE INDEX IF NOT EXISTS members_validity_idx ON members (valid_until, valid_from)
    WHERE valid_until IS NOT NULL;
--bun:split
-- The confirmed income per day of arrival, method and source, kept by the
-- trigger below in the transaction that confirms, changes or removes a
-- payment: the reports sum a few thousand rows for five years instead of
-- every confirmed payment. n and fen may fall to 0 (the reports skip those).
CREATE TABLE IF NOT EXISTS payment_income (
    paid_on DATE NOT NULL,
    method  TEXT NOT NULL,
    source  TEXT NOT NULL,
    n       BIGINT NOT NULL,
    fen     BIGINT NOT NULL,
    PRIMARY KEY (paid_on, method, source)
);
--bun:split
DELETE FROM payment_income;
--bun:split
INSERT INTO payment_income (paid_on, method, source, n, fen)
SELECT paid_on, method, source, count(*), SUM(paid_fen) FROM payments
WHERE status = 'confirmed' AND paid_on IS NOT NULL
GROUP BY paid_on, method, source;
--bun:split
CREATE OR REPLACE FUNCTION payments_income_keep() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'confirmed' AND OLD.paid_on IS NOT NULL THEN
        UPDATE payment_income SET n = n - 1, fen = fen - OLD.paid_fen
        WHERE paid_on = OLD.paid_on AND method = OLD.method AND source = OLD.source;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'confirmed' AND NEW.paid_on IS NOT NULL THEN
        INSERT INTO payment_income (paid_on, method, source, n, fen)
        VALUES (NEW.paid_on, NEW.method, NEW.source, 1, NEW.paid_fen)
        ON CONFLICT (paid_on, method, source)
        DO UPDATE SET n = payment_income.n + 1, fen = payment_income.fen + EXCLUDED.fen;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--bun:split
DROP TRIGGER IF EXISTS payments_income ON payments;
--bun:split
CREATE TRIGGER payments_income AFTER INSERT OR UPDATE OR DELETE ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_income_keep();
