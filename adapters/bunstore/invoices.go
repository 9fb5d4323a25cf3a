package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/ports"
)

// invoiceLiveKey is the unique index of one live request per payment.
var invoiceLiveKey = uniqueKey{"invoices_live_payment_unique", "invoices.payment_id", invoice.AlreadyAskedError}

// InvoiceRepository stores invoice requests; it implements
// ports.InvoiceRepository.
type InvoiceRepository struct{ db *DB }

var _ ports.InvoiceRepository = (*InvoiceRepository)(nil)

// NewInvoiceRepository returns the invoice requests of db.
func NewInvoiceRepository(db *DB) *InvoiceRepository { return &InvoiceRepository{db: db} }

// Add stores a new request at version 1.
func (r *InvoiceRepository) Add(ctx context.Context, req *invoice.Request) error {
	row := invoiceToRow(req)
	row.Version = 1
	if _, err := r.db.conn(ctx).NewInsert().Model(row).Exec(ctx); err != nil {
		return mapUnique(err, invoiceLiveKey)
	}
	return nil
}

// Save stores a changed request if the stored row is still at its version.
func (r *InvoiceRepository) Save(ctx context.Context, req *invoice.Request) error {
	row := invoiceToRow(req)
	row.Version = req.Version() + 1
	res, err := r.db.conn(ctx).NewUpdate().Model(row).WherePK().Where("version = ?", req.Version()).Exec(ctx)
	if err != nil {
		return mapUnique(err, invoiceLiveKey)
	}
	n, err := affected(res, nil, "save invoice")
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := r.Get(ctx, req.ID()); err != nil {
			return err
		}
		return invoice.ChangedError()
	}
	return nil
}

// Get loads a request.
func (r *InvoiceRepository) Get(ctx context.Context, id string) (*invoice.Request, error) {
	row := new(invoiceRow)
	if err := r.db.conn(ctx).NewSelect().Model(row).Where("id = ?", id).Limit(1).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, invoice.NotFoundError()
		}
		return nil, fmt.Errorf("bunstore: get invoice: %w", err)
	}
	return row.request(), nil
}

// ListForMember returns a member's requests, newest first.
func (r *InvoiceRepository) ListForMember(ctx context.Context, memberID string) ([]*invoice.Request, error) {
	return r.scan(ctx, r.db.conn(ctx).NewSelect().Where("member_id = ?", memberID).
		OrderExpr("created_at DESC, id DESC"))
}

// OpenAdvances returns a member's open advances, oldest first.
func (r *InvoiceRepository) OpenAdvances(ctx context.Context, memberID string) ([]*invoice.Request, error) {
	return r.scan(ctx, r.db.conn(ctx).NewSelect().Where("member_id = ?", memberID).
		Where("advance_state = ?", string(invoice.AdvanceOpen)).OrderExpr("created_at ASC, id ASC"))
}

func (r *InvoiceRepository) scan(ctx context.Context, q *bun.SelectQuery) ([]*invoice.Request, error) {
	var rows []invoiceRow
	if err := q.Model(&rows).Scan(ctx); err != nil {
		return nil, fmt.Errorf("bunstore: list invoices: %w", err)
	}
	out := make([]*invoice.Request, len(rows))
	for i := range rows {
		out[i] = rows[i].request()
	}
	return out, nil
}

// List returns one page of finance's queue and how many match.
func (r *InvoiceRepository) List(ctx context.Context, f ports.InvoiceFilter) ([]*invoice.Request, int, error) {
	if f.MemberID != "" && f.State == "" && f.Advance == "" && f.Overdue.IsZero() && f.Limit > 0 && f.Offset == 0 {
		return r.memberInvoices(ctx, f.MemberID, f.Limit)
	}
	var rows []invoiceRow
	q := r.db.bun.NewSelect().Model(&rows)
	if f.State != "" {
		q = q.Where("state = ?", string(f.State))
	}
	if f.Advance != "" {
		q = q.Where("advance_state = ?", string(f.Advance))
	}
	if !f.Overdue.IsZero() {
		q = q.Where("adv_expected_on < ?", newDateCol(f.Overdue))
	}
	if f.MemberID != "" {
		q = q.Where("member_id = ?", f.MemberID)
	}
	switch {
	case f.State == invoice.StatePending:
		q = q.OrderExpr("created_at ASC, id ASC")
	case f.Advance == invoice.AdvanceOpen:
		q = q.OrderExpr("adv_expected_on ASC, id ASC")
	default:
		q = q.OrderExpr("updated_at DESC, id DESC")
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	if f.Offset > 0 {
		q = q.Offset(f.Offset)
	}
	total, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list invoices: %w", err)
	}
	out := make([]*invoice.Request, len(rows))
	for i := range rows {
		out[i] = rows[i].request()
	}
	return out, total, nil
}

// memberInvoices is the first page of a member's requests (newest changed
// first) and how many it has: prepared statements, the member detail in 会员管理
// asks them on every view.
func (r *InvoiceRepository) memberInvoices(ctx context.Context, memberID string, limit int) ([]*invoice.Request,
	int, error) {
	// The limit is written into the statement (as in Recent): SQLite prepares a
	// statement again at each run whose LIMIT is bound.
	q := r.db.bun.NewSelect().Model((*invoiceRow)(nil)).Where("member_id = ?", bun.Safe("?")).
		OrderExpr("updated_at DESC, id DESC").Limit(limit)
	sqlRows, err := r.db.query(ctx, "invoices_of_member_"+strconv.Itoa(limit), q.String, memberID)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list invoices: %w", err)
	}
	var rows []invoiceRow
	if err := r.db.bun.ScanRows(ctx, sqlRows, &rows); err != nil {
		return nil, 0, fmt.Errorf("bunstore: list invoices: %w", err)
	}
	total := len(rows)
	if total == limit {
		counted, err := r.db.query(ctx, "invoices_of_member_count", func() string {
			return "SELECT count(*) FROM invoices WHERE member_id = ?"
		}, memberID)
		if err == nil {
			err = r.db.scanOne(ctx, counted, []any{&total})
		}
		if err != nil {
			return nil, 0, fmt.Errorf("bunstore: count invoices: %w", err)
		}
	}
	out := make([]*invoice.Request, len(rows))
	for i := range rows {
		out[i] = rows[i].request()
	}
	return out, total, nil
}

// Count returns the sizes of the queue's tabs in one aggregate query.
func (r *InvoiceRepository) Count(ctx context.Context, today time.Time) (ports.InvoiceCounts, error) {
	var c ports.InvoiceCounts
	err := r.db.bun.NewSelect().TableExpr("invoices").
		ColumnExpr("COUNT(CASE WHEN state = 'pending' THEN 1 END)").
		ColumnExpr("COUNT(CASE WHEN state = 'issued' THEN 1 END)").
		ColumnExpr("COUNT(CASE WHEN state = 'returned' THEN 1 END)").
		ColumnExpr("COUNT(CASE WHEN advance_state = 'open' THEN 1 END)").
		ColumnExpr("COUNT(CASE WHEN advance_state = 'open' AND adv_expected_on < ? THEN 1 END)", newDateCol(today)).
		Scan(ctx, &c.Pending, &c.Issued, &c.Returned, &c.AdvanceOpen, &c.AdvanceOverdue)
	if err != nil {
		return c, fmt.Errorf("bunstore: count invoices: %w", err)
	}
	return c, nil
}
