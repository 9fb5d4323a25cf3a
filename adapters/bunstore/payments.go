package bunstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// paymentRow is the stored form of a payment.Payment.
type paymentRow struct {
	bun.BaseModel `bun:"table:payments"`

	ID                 string    `bun:"id,pk"`
	MemberID           string    `bun:"member_id"`
	Purpose            string    `bun:"purpose"`
	Method             string    `bun:"method"`
	Status             string    `bun:"status"`
	AmountFen          int64     `bun:"amount_fen"`
	OutTradeNo         string    `bun:"out_trade_no,nullzero"`
	VoucherKey         string    `bun:"voucher_key"`
	VoucherContentType string    `bun:"voucher_content_type"`
	VoucherSize        int64     `bun:"voucher_size"`
	VoucherFileName    string    `bun:"voucher_file_name"`
	PaidFen            int64     `bun:"paid_fen"`
	PaidOn             dateCol   `bun:"paid_on"`
	BankRef            string    `bun:"bank_ref,nullzero"`
	TradeNo            string    `bun:"trade_no,nullzero"`
	Source             string    `bun:"source"`
	Sandbox            bool      `bun:"sandbox"`
	StaffID            string    `bun:"staff_id"`
	Reason             string    `bun:"reason"`
	HandledAt          time.Time `bun:"handled_at,nullzero"`
	CreatedAt          time.Time `bun:"created_at"`
	UpdatedAt          time.Time `bun:"updated_at"`
	CompletedBy        string    `bun:"completed_by"`
	RefundFen          int64     `bun:"refund_fen"`
	RefundState        string    `bun:"refund_state"`
	RefundedOn         dateCol   `bun:"refunded_on"`
	RefundRef          string    `bun:"refund_ref"`
	RefundNote         string    `bun:"refund_note"`
	RefundBy           string    `bun:"refund_by"`
	RefundAt           time.Time `bun:"refund_at,nullzero"`
}

func paymentToRow(p *payment.Payment) *paymentRow {
	s := p.Snapshot()
	return &paymentRow{ID: s.ID, MemberID: s.MemberID, Purpose: string(s.Purpose), Method: string(s.Method),
		Status: string(s.Status), AmountFen: s.AmountFen, OutTradeNo: s.OutTradeNo,
		VoucherKey: s.Voucher.Key, VoucherContentType: s.Voucher.ContentType, VoucherSize: s.Voucher.Size,
		VoucherFileName: s.Voucher.FileName, PaidFen: s.PaidFen, PaidOn: newDateCol(s.PaidOn),
		BankRef: s.BankRef, TradeNo: s.TradeNo, Source: s.Source, Sandbox: s.Sandbox, StaffID: s.StaffID,
		Reason: s.Reason, HandledAt: storedTime(s.Handled), CreatedAt: storedTime(s.Created),
		UpdatedAt: storedTime(s.Updated), CompletedBy: s.CompletedBy, RefundFen: s.RefundFen,
		RefundState: string(s.RefundState), RefundedOn: newDateCol(s.RefundedOn), RefundRef: s.RefundRef,
		RefundNote: s.RefundNote, RefundBy: s.RefundBy, RefundAt: storedTime(s.RefundAt)}
}

func (r *paymentRow) payment() *payment.Payment {
	return payment.Restore(payment.Snapshot{ID: r.ID, MemberID: r.MemberID, Purpose: payment.Purpose(r.Purpose),
		Method: payment.Method(r.Method), Status: payment.Status(r.Status), AmountFen: r.AmountFen,
		OutTradeNo: r.OutTradeNo, Voucher: payment.Voucher{Key: r.VoucherKey, ContentType: r.VoucherContentType,
			Size: r.VoucherSize, FileName: r.VoucherFileName},
		PaidFen: r.PaidFen, PaidOn: r.PaidOn.t, BankRef: r.BankRef, TradeNo: r.TradeNo, Source: r.Source,
		Sandbox: r.Sandbox, StaffID: r.StaffID, Reason: r.Reason, Handled: loadedTime(r.HandledAt),
		Created: loadedTime(r.CreatedAt), Updated: loadedTime(r.UpdatedAt), CompletedBy: r.CompletedBy,
		RefundFen: r.RefundFen, RefundState: payment.RefundState(r.RefundState), RefundedOn: r.RefundedOn.t,
		RefundRef: r.RefundRef, RefundNote: r.RefundNote, RefundBy: r.RefundBy, RefundAt: loadedTime(r.RefundAt)})
}

// awaitingFinanceSQL selects the payments waiting for finance
// (payment.Payment.AwaitsFinance): open claims and vouchers, and open online
// orders a sandbox reported paid (sandbox set, trade number stored).
const awaitingFinanceSQL = "(status = 'open' AND (method IN ('transfer', 'voucher')" +
	" OR (method = 'alipay' AND sandbox AND trade_no IS NOT NULL)))"

// PaymentRepository stores payments; it implements ports.PaymentRepository.
// Called with the context of a MemberRepository.Update (or Transactor.InTx), it
// works in that transaction.
type PaymentRepository struct{ db *DB }

var _ ports.PaymentRepository = (*PaymentRepository)(nil)

// NewPaymentRepository returns a payment repository.
func NewPaymentRepository(db *DB) *PaymentRepository { return &PaymentRepository{db: db} }

var paymentKeys = []uniqueKey{paymentOutTradeNoKey, paymentBankRefKey, paymentTradeNoKey, paymentOpenClaimKey}

const (
	codePaymentNotFound = "payment_not_found"
	msgPaymentNotFound  = "缴费记录不存在"
)

// Add stores a new payment.
func (r *PaymentRepository) Add(ctx context.Context, p *payment.Payment) error {
	if _, err := r.db.conn(ctx).NewInsert().Model(paymentToRow(p)).Exec(ctx); err != nil {
		return mapUnique(err, paymentKeys...)
	}
	return nil
}

// Save stores a changed payment.
func (r *PaymentRepository) Save(ctx context.Context, p *payment.Payment) error {
	res, err := r.db.conn(ctx).NewUpdate().Model(paymentToRow(p)).WherePK().Exec(ctx)
	if err != nil {
		return mapUnique(err, paymentKeys...)
	}
	n, err := affected(res, nil, "save payment")
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(errNoRows, codePaymentNotFound, msgPaymentNotFound)
	}
	return nil
}

// Get loads a payment.
func (r *PaymentRepository) Get(ctx context.Context, id string) (*payment.Payment, error) {
	return r.getWhere(ctx, "id = ?", id)
}

// GetByOutTradeNo loads an online order.
func (r *PaymentRepository) GetByOutTradeNo(ctx context.Context, outTradeNo string) (*payment.Payment, error) {
	if outTradeNo == "" {
		return nil, notFound(errNoRows, codePaymentNotFound, msgPaymentNotFound)
	}
	return r.getWhere(ctx, "out_trade_no = ?", outTradeNo)
}

func (r *PaymentRepository) getWhere(ctx context.Context, where string, arg any) (*payment.Payment, error) {
	row := new(paymentRow)
	if err := r.db.conn(ctx).NewSelect().Model(row).Where(where, arg).Limit(1).Scan(ctx); err != nil {
		return nil, notFound(err, codePaymentNotFound, msgPaymentNotFound)
	}
	return row.payment(), nil
}

// ListForMember returns a member's payments, newest first.
func (r *PaymentRepository) ListForMember(ctx context.Context, memberID string, limit int) ([]*payment.Payment, error) {
	// A prepared statement per limit (the member's pages and its detail ask
	// it); the limit is written into the statement, as in Recent.
	q := r.db.bun.NewSelect().Model((*paymentRow)(nil)).Where("member_id = ?", bun.Safe("?")).
		OrderExpr("created_at DESC, id DESC")
	if limit > 0 {
		q = q.Limit(limit)
	}
	sqlRows, err := r.db.query(ctx, "payments_of_member_"+strconv.Itoa(limit), q.String, memberID)
	if err != nil {
		return nil, fmt.Errorf("bunstore: list payments of member: %w", err)
	}
	var rows []paymentRow
	if err := r.db.bun.ScanRows(ctx, sqlRows, &rows); err != nil {
		return nil, fmt.Errorf("bunstore: list payments of member: %w", err)
	}
	out := make([]*payment.Payment, len(rows))
	for i := range rows {
		out[i] = rows[i].payment()
	}
	return out, nil
}

// List returns one page of payments with their members.
func (r *PaymentRepository) List(ctx context.Context, f ports.PaymentFilter) ([]ports.PaymentWithMember, int, error) {
	var rows []paymentRow
	q := wherePayments(r.db.bun.NewSelect().Model(&rows), f, "")
	key, cmp := "COALESCE(handled_at, created_at)", "<"
	if len(f.Statuses) == 1 && f.Statuses[0] == payment.StatusOpen {
		key, cmp = "created_at", ">"
		q = q.OrderExpr("created_at ASC, id ASC")
	} else {
		q = q.OrderExpr("COALESCE(handled_at, created_at) DESC, id DESC")
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var (
		total int
		err   error
	)
	switch {
	case f.After != "": // keyset paging (no total)
		err = q.Where("("+key+", id) "+cmp+" (SELECT "+key+", k.id FROM payments AS k WHERE k.id = ?)", f.After).
			Scan(ctx)
	case f.Offset > 0:
		total, err = q.Offset(f.Offset).ScanAndCount(ctx)
	default:
		total, err = q.ScanAndCount(ctx)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list payments: %w", err)
	}
	if len(rows) == 0 {
		return []ports.PaymentWithMember{}, total, nil
	}
	ids := make([]string, 0, len(rows))
	seen := map[string]bool{}
	for _, row := range rows {
		if !seen[row.MemberID] {
			seen[row.MemberID] = true
			ids = append(ids, row.MemberID)
		}
	}
	var mrows []*memberRow
	if err := r.db.bun.NewSelect().Model(&mrows).Where("id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return nil, 0, fmt.Errorf("bunstore: list payments' members: %w", err)
	}
	ms, err := loadMembers(ctx, r.db.bun, mrows)
	if err != nil {
		return nil, 0, err
	}
	byID := map[string]int{}
	for i, m := range ms {
		byID[m.ID()] = i
	}
	out := make([]ports.PaymentWithMember, len(rows))
	for i := range rows {
		out[i] = ports.PaymentWithMember{Payment: rows[i].payment()}
		if j, ok := byID[rows[i].MemberID]; ok {
			out[i].Member = ms[j]
		}
	}
	return out, total, nil
}

// Count returns the sizes of the finance queue's tabs.
func (r *PaymentRepository) Count(ctx context.Context) (ports.PaymentCounts, error) {
	var c struct {
		Open      int `bun:"open"`
		Confirmed int `bun:"confirmed"`
		Rejected  int `bun:"rejected"`
		Duplicate int `bun:"duplicate"`
		Partial   int `bun:"partial"`
		RefundDue int `bun:"refund_due"`
		Refunded  int `bun:"refunded"`
	}
	err := r.db.bun.NewSelect().TableExpr("payments").
		ColumnExpr("COALESCE(SUM(CASE WHEN "+awaitingFinanceSQL+" THEN 1 ELSE 0 END), 0) AS open").
		ColumnExpr("COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0) AS confirmed").
		ColumnExpr("COALESCE(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0) AS rejected").
		ColumnExpr("COALESCE(SUM(CASE WHEN status = 'duplicate' THEN 1 ELSE 0 END), 0) AS duplicate").
		ColumnExpr("COALESCE(SUM(CASE WHEN status = 'partial' AND completed_by = '' THEN 1 ELSE 0 END), 0) AS partial").
		ColumnExpr("COALESCE(SUM(CASE WHEN refund_state = 'due' THEN 1 ELSE 0 END), 0) AS refund_due").
		ColumnExpr("COALESCE(SUM(CASE WHEN refund_state = 'refunded' THEN 1 ELSE 0 END), 0) AS refunded").
		Scan(ctx, &c)
	if err != nil {
		return ports.PaymentCounts{}, fmt.Errorf("bunstore: count payments: %w", err)
	}
	return ports.PaymentCounts{Open: c.Open, Confirmed: c.Confirmed, Rejected: c.Rejected, Duplicate: c.Duplicate,
		Partial: c.Partial, RefundDue: c.RefundDue, Refunded: c.Refunded}, nil
}
