-- The reports (统计报表, SQLite): the fee income per month and channel is summed
-- from payment_income (below), kept by triggers; the renewal outcome (流失率)
-- reads the members' validities from a covering index of (valid_until,
-- valid_from). Members per month of joining use member_search_joined_idx,
-- renewals due member_search_status_valid_until_idx, the breakdowns
-- member_facet_counts (all from 0010).
CREATE INDEX IF NOT EXISTS members_validity_idx ON members (valid_until, valid_from)
    WHERE valid_until IS NOT NULL;
--bun:split
-- The confirmed income per day of arrival, method and source, kept by the
-- triggers below in the transaction that confirms, changes or removes a
-- payment: the reports sum a few thousand rows for five years instead of
-- every confirmed payment. n and fen may fall to 0 (the reports skip those).
CREATE TABLE IF NOT EXISTS payment_income (
    paid_on TEXT NOT NULL,
    method  TEXT NOT NULL,
    source  TEXT NOT NULL,
    n       INTEGER NOT NULL,
    fen     BIGINT NOT NULL,
    PRIMARY KEY (paid_on, method, source)
) WITHOUT ROWID;
--bun:split
DELETE FROM payment_income;
--bun:split
INSERT INTO payment_income (paid_on, method, source, n, fen)
SELECT paid_on, method, source, count(*), SUM(paid_fen) FROM payments
WHERE status = 'confirmed' AND paid_on IS NOT NULL
GROUP BY paid_on, method, source;
--bun:split
CREATE TRIGGER IF NOT EXISTS payments_income_insert AFTER INSERT ON payments
WHEN NEW.status = 'confirmed' AND NEW.paid_on IS NOT NULL
BEGIN
    INSERT INTO payment_income (paid_on, method, source, n, fen)
    VALUES (NEW.paid_on, NEW.method, NEW.source, 1, NEW.paid_fen)
    ON CONFLICT (paid_on, method, source) DO UPDATE SET n = n + 1, fen = fen + excluded.fen;
END;
--bun:split
CREATE TRIGGER IF NOT EXISTS payments_income_update AFTER UPDATE OF status, paid_on, method, source, paid_fen
ON payments
WHEN (OLD.status = 'confirmed' AND OLD.paid_on IS NOT NULL) OR (NEW.status = 'confirmed' AND NEW.paid_on IS NOT NULL)
BEGIN
    UPDATE payment_income SET n = n - 1, fen = fen - OLD.paid_fen
    WHERE OLD.status = 'confirmed' AND OLD.paid_on IS NOT NULL
      AND paid_on = OLD.paid_on AND method = OLD.method AND source = OLD.source;
    INSERT INTO payment_income (paid_on, method, source, n, fen)
    SELECT NEW.paid_on, NEW.method, NEW.source, 1, NEW.paid_fen
    WHERE NEW.status = 'confirmed' AND NEW.paid_on IS NOT NULL
    ON CONFLICT (paid_on, method, source) DO UPDATE SET n = n + 1, fen = fen + excluded.fen;
END;
--bun:split
CREATE TRIGGER IF NOT EXISTS payments_income_delete AFTER DELETE ON payments
WHEN OLD.status = 'confirmed' AND OLD.paid_on IS NOT NULL
BEGIN
    UPDATE payment_income SET n = n - 1, fen = fen - OLD.paid_fen
    WHERE paid_on = OLD.paid_on AND method = OLD.method AND source = OLD.source;
END;
