package bunstore

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/ports"
)

// wherePayments adds f's conditions (not its order or page) to q; prefix is
// the payments table's alias with its dot ("" when unaliased; AwaitingFinance
// needs it unaliased).
func wherePayments(q *bun.SelectQuery, f ports.PaymentFilter, prefix string) *bun.SelectQuery {
	col := func(name string) bun.Safe { return bun.Safe(prefix + name) }
	if len(f.Statuses) > 0 {
		q = q.Where("? IN (?)", col("status"), bun.List(strs(f.Statuses)))
	}
	if len(f.Methods) > 0 {
		q = q.Where("? IN (?)", col("method"), bun.List(strs(f.Methods)))
	}
	if len(f.Refunds) > 0 {
		q = q.Where("? IN (?)", col("refund_state"), bun.List(strs(f.Refunds)))
	}
	if f.Owing {
		q = q.Where("? = 'partial' AND ? = ''", col("status"), col("completed_by"))
	}
	if f.AwaitingFinance {
		q = q.Where(awaitingFinanceSQL)
	}
	if f.MemberID != "" {
		q = q.Where("? = ?", col("member_id"), f.MemberID)
	}
	if !f.CreatedFrom.IsZero() {
		q = q.Where("? >= ?", col("created_at"), storedTime(f.CreatedFrom))
	}
	if !f.CreatedBefore.IsZero() {
		q = q.Where("? < ?", col("created_at"), storedTime(f.CreatedBefore))
	}
	if !f.HandledFrom.IsZero() {
		q = q.Where("? >= ?", col("handled_at"), storedTime(f.HandledFrom))
	}
	if !f.HandledBefore.IsZero() {
		q = q.Where("? < ?", col("handled_at"), storedTime(f.HandledBefore))
	}
	return q
}

// strs returns the string values of a list of string kinds.
func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// ledgerRow is a payment with its member's number and name and its issued
// invoice's number.
type ledgerRow struct {
	paymentRow    `bun:",extend"`
	MemberNumber  string `bun:"member_number"`
	MemberName    string `bun:"member_name"`
	InvoiceNumber string `bun:"invoice_number"`
}

// Ledger streams the payments f selects, oldest handled first, with their
// members and issued invoices' numbers, row by row from one cursor.
func (r *PaymentRepository) Ledger(ctx context.Context, f ports.PaymentFilter, each func(ports.LedgerEntry) error) error {
	q := r.db.bun.NewSelect().TableExpr("payments AS p").
		ColumnExpr("p.*").
		ColumnExpr("COALESCE(m.number, '') AS member_number, m.name AS member_name").
		ColumnExpr("COALESCE((SELECT i.number FROM invoices AS i WHERE i.payment_id = p.id AND i.state = 'issued'" +
			" ORDER BY i.created_at DESC LIMIT 1), '') AS invoice_number").
		Join("JOIN members AS m ON m.id = p.member_id")
	q = wherePayments(q, f, "p.").OrderExpr("COALESCE(p.handled_at, p.created_at) ASC, p.id ASC")
	rows, err := q.Rows(ctx) //nolint:sqlclosecheck // closed below
	if err != nil {
		return fmt.Errorf("bunstore: payment ledger: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var row ledgerRow
		if err := r.db.bun.ScanRow(ctx, rows, &row); err != nil {
			return fmt.Errorf("bunstore: payment ledger row: %w", err)
		}
		if err := each(ports.LedgerEntry{Payment: row.payment(), MemberNumber: row.MemberNumber,
			MemberName: row.MemberName, InvoiceNumber: row.InvoiceNumber}); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("bunstore: payment ledger: %w", err)
	}
	return nil
}
