package query

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// ListExportDeps are the stores the exports read.
type ListExportDeps struct {
	Directory  ports.MemberDirectory
	Members    ports.MemberRepository
	Payments   ports.PaymentRepository
	Statements ports.StatementRepository
	Invoices   ports.InvoiceRepository
	AuditLog   ports.AuditLog
	Staff      ports.StaffRepository
	Authz      ports.Authorizer
	Clock      ports.Clock
	Location   *time.Location
	Audit      AuditRecorder
}

// NewListExportHandler builds the handler of every exportable list.
func NewListExportHandler(d ListExportDeps) *ListExportHandler {
	if d.Location == nil {
		d.Location = time.UTC
	}
	h := &ListExportHandler{authz: d.Authz, audit: d.Audit}
	h.lists = map[string]exportList{
		ExportListMembers:    h.membersExport(d),
		ExportListPayments:   paymentsExport(d),
		ExportListStatements: statementsExport(d),
		ExportListAudit:      auditExport(d),
	}
	if d.Invoices != nil { // a host that wires no invoices has no 发票管理
		h.lists[ExportListInvoices] = invoicesExport(d)
	}
	return h
}

// stampIn writes a moment in the association's zone ("" for none).
func stampIn(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// yuan writes an amount in yuan as a spreadsheet reads a number (5000.00; ""
// for none).
func yuan(fen int64) string {
	if fen == 0 {
		return ""
	}
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// paymentsExport is 缴费确认 as its tab (status) and method select it.
func paymentsExport(d ListExportDeps) exportList {
	return exportList{title: "缴费记录", right: access.ExportPayments, action: audit.ListExport,
		header: []string{"提交时间", "会员号", "会员名称", "会员类别", "缴费项目", "缴费方式", "应缴金额(元)", "实收金额(元)",
			"到账日期", "银行流水号/交易号", "状态", "处理时间", "说明"},
		prepare: func(ctx context.Context, _ access.Principal, params map[string]string) (ExportPlan, error) {
			q := PaymentQueue{Status: payment.Status(strings.TrimSpace(params["status"])),
				Method: payment.Method(strings.TrimSpace(params["method"]))}
			f, err := paymentFilter(&q)
			if err != nil {
				return ExportPlan{}, err
			}
			f.Limit = 1
			_, total, err := d.Payments.List(ctx, f)
			if err != nil {
				return ExportPlan{}, apperr.Internal(err)
			}
			return ExportPlan{Total: total, summary: paramSummary(params),
				rows: func(ctx context.Context, emit func([]string) error) error {
					return pagesOf(ctx, func(ctx context.Context, limit, _ int, last *ports.PaymentWithMember) (
						[]ports.PaymentWithMember, error) {
						f.Limit = limit
						if last != nil {
							f.After = last.Payment.ID() // keyset: the payments after the last one written
						}
						rows, _, err := d.Payments.List(ctx, f)
						return rows, err
					}, func(_ context.Context, rows []ports.PaymentWithMember, emit func([]string) error) error {
						for _, r := range rows {
							if err := emit(paymentCells(paymentItem(r.Payment, r.Member), d.Location)); err != nil {
								return err
							}
						}
						return nil
					}, emit)
				}}, nil
		}}
}

// paymentCells is one payment's row.
func paymentCells(it PaymentItem, loc *time.Location) []string {
	ref := it.BankRef
	if ref == "" {
		ref = it.TradeNo
	}
	return []string{stampIn(it.CreatedAt, loc), it.MemberNumber, it.MemberName, it.KindLabel, it.PurposeLabel,
		it.MethodLabel, yuan(it.AmountFen), yuan(it.PaidFen), day(it.PaidOn), ref, it.StatusLabel,
		stampIn(it.HandledAt, loc), it.Reason}
}

// statementsExport is 银行对账's lines: one statement's (statement) or every
// statement's lines of a status (status, default unmatched: 待处理流水).
func statementsExport(d ListExportDeps) exportList {
	return exportList{title: "银行流水", right: access.ExportPayments, action: audit.ListExport,
		header: []string{"对账单", "行号", "交易日期", "金额(元)", "付款户名", "摘要", "银行流水号", "状态", "匹配结果",
			"匹配依据", "会员号", "会员名称", "说明"},
		prepare: func(ctx context.Context, _ access.Principal, params map[string]string) (ExportPlan, error) {
			if id := strings.TrimSpace(params["statement"]); id != "" {
				return oneStatement(ctx, d, id, params)
			}
			status := payment.LineStatus(strings.TrimSpace(params["status"]))
			switch status {
			case "":
				status = payment.LineUnmatched
			case payment.LineMatched, payment.LineUnmatched, payment.LineConfirmed, payment.LineIgnored:
			default:
				var v apperr.Validation
				v.Add("status", "status_invalid", "未知的流水状态")
				return ExportPlan{}, v.Err()
			}
			_, total, err := d.Statements.Lines(ctx, status, 1, 0)
			if err != nil {
				return ExportPlan{}, apperr.Internal(err)
			}
			return ExportPlan{Total: total, summary: paramSummary(params),
				rows: func(ctx context.Context, emit func([]string) error) error {
					return pagesOf(ctx, func(ctx context.Context, limit, offset int, _ *payment.StoredLine) ([]payment.StoredLine, error) {
						lines, _, err := d.Statements.Lines(ctx, status, limit, offset)
						return lines, err
					}, lineRows(d), emit)
				}}, nil
		}}
}

// oneStatement is every line of one statement.
func oneStatement(ctx context.Context, d ListExportDeps, id string, params map[string]string) (ExportPlan, error) {
	_, lines, err := d.Statements.Get(ctx, id)
	if err != nil {
		return ExportPlan{}, err
	}
	return ExportPlan{Total: len(lines), summary: paramSummary(params),
		rows: func(ctx context.Context, emit func([]string) error) error {
			for start := 0; start < len(lines); start += exportPageSize {
				if err := lineRows(d)(ctx, lines[start:min(start+exportPageSize, len(lines))], emit); err != nil {
					return err
				}
			}
			return nil
		}}, nil
}

// lineRows emits a page of statement lines, naming their members.
func lineRows(d ListExportDeps) func(ctx context.Context, lines []payment.StoredLine, emit func([]string) error) error {
	return func(ctx context.Context, lines []payment.StoredLine, emit func([]string) error) error {
		items, err := lineItems(ctx, d.Members, lines)
		if err != nil {
			return apperr.Internal(err)
		}
		for _, it := range items {
			var no, name string
			if it.Member != nil {
				no, name = it.Member.Number, it.Member.Name
			}
			if err := emit([]string{it.StatementID, strconv.Itoa(it.Row), day(it.Date), yuan(it.AmountFen),
				it.PayerName, it.Remark, it.BankRef, it.StatusLabel, it.MatchLabel, it.Basis, no, name,
				it.Message}); err != nil {
				return err
			}
		}
		return nil
	}
}

// invoicesExport is 发票管理 as its tab selects it.
func invoicesExport(d ListExportDeps) exportList {
	return exportList{title: "发票记录", right: access.ExportInvoices, action: audit.ListExport,
		header: []string{"申请时间", "会员名称", "发票抬头", "纳税人识别号", "发票类型", "金额(元)", "状态", "借发票",
			"发票号码", "开票日期", "接收邮箱", "原因"},
		prepare: func(ctx context.Context, _ access.Principal, params map[string]string) (ExportPlan, error) {
			q := InvoiceQueue{Tab: strings.TrimSpace(params["tab"])}
			var f ports.InvoiceFilter
			if err := tabFilter(&q, &f, dayOf(d.Clock.Now(), d.Location)); err != nil {
				return ExportPlan{}, err
			}
			f.Limit = 1
			_, total, err := d.Invoices.List(ctx, f)
			if err != nil {
				return ExportPlan{}, apperr.Internal(err)
			}
			return ExportPlan{Total: total, summary: paramSummary(params),
				rows: func(ctx context.Context, emit func([]string) error) error {
					return pagesOf(ctx, func(ctx context.Context, limit, offset int, _ **invoice.Request) ([]*invoice.Request, error) {
						f.Limit, f.Offset = limit, offset
						rows, _, err := d.Invoices.List(ctx, f)
						return rows, err
					}, func(_ context.Context, rows []*invoice.Request, emit func([]string) error) error {
						for _, r := range rows {
							if err := emit(invoiceCells(r, d.Location)); err != nil {
								return err
							}
						}
						return nil
					}, emit)
				}}, nil
		}}
}

// invoiceCells is one request's row.
func invoiceCells(r *invoice.Request, loc *time.Location) []string {
	det, is := r.Details(), r.Issued()
	adv := "否"
	if r.IsAdvance() {
		adv = "是"
	}
	return []string{stampIn(r.Created(), loc), r.MemberName(), det.Title, det.TaxID, det.Kind.Label(),
		yuan(r.AmountFen()), r.State().Label(), adv, is.Number, day(is.Date), det.Email, r.Reason()}
}
