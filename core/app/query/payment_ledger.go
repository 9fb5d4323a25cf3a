package query

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// PaymentLedger asks for finance's payment ledger (缴费台账) as rows of text
// for a spreadsheet: the payments that brought money (confirmed, partial,
// duplicate) confirmed in a date range, by method and status, oldest first.
type PaymentLedger struct {
	Principal access.Principal
	// Status is confirmed, partial or duplicate (empty: the three).
	Status payment.Status
	Method payment.Method // empty: every method
	// From and To are the first and last day of confirmation, YYYY-MM-DD in
	// the association's zone (empty: unbounded).
	From, To string
	// Format names the file's format for the audit log (xlsx, csv).
	Format string
}

// PaymentLedgerHeader is the ledger's header row.
func PaymentLedgerHeader() []string {
	return []string{"会员号", "会员名称", "会费年度", "应缴金额", "实收金额", "银行手续费", "尚欠余额", "缴费方式",
		"状态", "确认日期", "确认人", "发票号码", "退款状态"}
}

// PaymentLedgerHandler streams the ledger for finance.
type PaymentLedgerHandler struct {
	payments ports.PaymentRepository
	staff    ports.StaffRepository // nil: the confirming staff's id is written
	authz    ports.Authorizer
	loc      *time.Location
	audit    AuditRecorder
}

// NewPaymentLedgerHandler builds the handler; loc is the association's zone.
func NewPaymentLedgerHandler(payments ports.PaymentRepository, staff ports.StaffRepository, authz ports.Authorizer,
	loc *time.Location, rec AuditRecorder) *PaymentLedgerHandler {
	if loc == nil {
		loc = time.UTC
	}
	return &PaymentLedgerHandler{payments: payments, staff: staff, authz: authz, loc: loc, audit: rec}
}

// Check authorizes the export (payment:export) and checks its filters (fields
// status, method, from, to, format) without writing anything.
func (h *PaymentLedgerHandler) Check(q PaymentLedger) (ports.PaymentFilter, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ExportPayments, ""); err != nil {
		return ports.PaymentFilter{}, err
	}
	var v apperr.Validation
	f := ports.PaymentFilter{Statuses: []payment.Status{payment.StatusConfirmed, payment.StatusPartial,
		payment.StatusDuplicate}}
	switch q.Status {
	case "":
	case payment.StatusConfirmed, payment.StatusPartial, payment.StatusDuplicate:
		f.Statuses = []payment.Status{q.Status}
	default:
		v.Add("status", "status_invalid", "台账只含已确认、部分到账和重复缴费的记录")
	}
	switch q.Method {
	case "":
	case payment.MethodTransfer, payment.MethodVoucher, payment.MethodAlipay:
		f.Methods = []payment.Method{q.Method}
	default:
		v.Add("method", "method_invalid", "未知的缴费方式")
	}
	f.HandledFrom = h.day(q.From, "from", "开始日期", &v)
	if to := h.day(q.To, "to", "结束日期", &v); !to.IsZero() {
		f.HandledBefore = to.AddDate(0, 0, 1)
	}
	if !f.HandledFrom.IsZero() && !f.HandledBefore.IsZero() && !f.HandledFrom.Before(f.HandledBefore) {
		v.Add("to", "range_invalid", "结束日期不能早于开始日期")
	}
	if q.Format != "xlsx" && q.Format != "csv" {
		v.Add("format", "format_invalid", "导出格式应为 xlsx 或 csv")
	}
	return f, v.Err()
}

// day parses a YYYY-MM-DD day as the start of that day in the association's
// zone (zero when empty).
func (h *PaymentLedgerHandler) day(s, field, label string, v *apperr.Validation) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, h.loc)
	if err != nil {
		v.Add(field, "date_invalid", fmt.Sprintf("%s格式应为 YYYY-MM-DD", label))
	}
	return t
}

// Handle records the export in the audit log, then writes the header and one
// row per payment to sink, streamed from the store's cursor. It returns how
// many payments were written.
func (h *PaymentLedgerHandler) Handle(ctx context.Context, q PaymentLedger, sink RowSink) (int, error) {
	f, err := h.Check(q)
	if err != nil {
		return 0, err
	}
	summary := fmt.Sprintf("导出缴费台账（%s）%s", q.Format, ledgerFilterSummary(q))
	if err := h.audit.Record(ctx, q.Principal, audit.Entry{Action: audit.PaymentExport, Subject: "缴费台账",
		Summary: summary}); err != nil {
		return 0, apperr.Internal(err)
	}
	if err := sink.WriteRow(PaymentLedgerHeader()); err != nil {
		return 0, fmt.Errorf("ledger header: %w", err)
	}
	names := map[string]string{}
	n := 0
	err = h.payments.Ledger(ctx, f, func(e ports.LedgerEntry) error {
		if err := sink.WriteRow(h.row(ctx, e, names)); err != nil {
			return fmt.Errorf("ledger row %d: %w", n+1, err)
		}
		n++
		return nil
	})
	return n, err
}

// row is one payment's cells in the header's order.
func (h *PaymentLedgerHandler) row(ctx context.Context, e ports.LedgerEntry, names map[string]string) []string {
	p := e.Payment
	year, confirmed := "", ""
	if !p.PaidOn().IsZero() {
		year = fmt.Sprintf("%d", p.PaidOn().Year())
	}
	if !p.Handled().IsZero() {
		confirmed = p.Handled().In(h.loc).Format(time.DateOnly)
	}
	return []string{e.MemberNumber, e.MemberName, year, yuanCell(p.AmountFen()), yuanCell(p.PaidFen()),
		yuanCell(p.FeesDeductedFen()), yuanCell(p.BalanceFen()), p.Method().Label(), ledgerStatus(p), confirmed,
		h.staffName(ctx, p.StaffID(), p.Source(), names), e.InvoiceNumber, refundCell(p)}
}

// ledgerStatus is the payment's state in the ledger: 部分到账（已补齐） once a
// later payment completed the fee.
func ledgerStatus(p *payment.Payment) string {
	if p.Status() == payment.StatusPartial && !p.Owing() {
		return "部分到账（已补齐）"
	}
	return p.Status().Label()
}

// yuanCell writes fen as yuan with two decimals (5000.00), a number a
// spreadsheet sums.
func yuanCell(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// refundCell is the refund's state: 退款待办 ¥200, 已退款 ¥200（2026-12-07，凭证号 R1） or empty.
func refundCell(p *payment.Payment) string {
	switch p.RefundState() {
	case payment.RefundDue:
		return fmt.Sprintf("退款待办 %s", payment.Yuan(p.RefundFen()))
	case payment.RefundRefunded:
		r := p.RefundInfo()
		return fmt.Sprintf("已退款 %s（%s，凭证号 %s）", payment.Yuan(p.RefundFen()), r.On.Format(time.DateOnly), r.Ref)
	}
	return ""
}

// staffName names who confirmed: the staff's display name (cached per
// export), 银行流水 or 支付平台 for the automatic confirmations.
func (h *PaymentLedgerHandler) staffName(ctx context.Context, id, source string, names map[string]string) string {
	switch {
	case id == "" && source == payment.SourceStatement:
		return "银行流水"
	case id == "" && source == payment.SourceGateway:
		return "支付平台"
	case id == "" || h.staff == nil:
		return id
	}
	if n, ok := names[id]; ok {
		return n
	}
	name := id
	if st, err := h.staff.Get(ctx, id); err == nil {
		name = cmp.Or(st.DisplayName(), st.Username())
	}
	names[id] = name
	return name
}

// ledgerFilterSummary names the ledger's filters for the audit log.
func ledgerFilterSummary(q PaymentLedger) string {
	var parts []string
	for _, p := range [][2]string{{"状态", string(q.Status)}, {"方式", string(q.Method)}, {"起", q.From},
		{"止", q.To}} {
		if p[1] != "" {
			parts = append(parts, p[0]+"="+p[1])
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "：" + strings.Join(parts, "，")
}
