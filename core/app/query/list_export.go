package query

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// The back-office lists that can be exported (导出), as ListExport.List names
// them.
const (
	ExportListMembers    = "members"    // 会员管理 (as filtered, or the selected members)
	ExportListPayments   = "payments"   // 缴费确认
	ExportListStatements = "statements" // 银行对账: the lines
	ExportListInvoices   = "invoices"   // 发票管理
	ExportListAudit      = "audit"      // 操作日志
)

// ListExport asks for a back-office list as it is filtered, as rows of text
// for a spreadsheet. Params are the list's filters under the names of its URL
// (members: kind, level, status, …, q, sort, ids; payments: status, method;
// statements: statement, status; invoices: tab; audit: staff, member, action,
// from, to).
type ListExport struct {
	Principal access.Principal
	List      string
	Format    string // xlsx or csv
	Params    map[string]string
}

// ExportPlan is a checked export: what it writes and how many rows, ready to
// stream.
type ExportPlan struct {
	List string
	// Title names the file and the sheet (会员名单, 缴费记录 …).
	Title  string
	Total  int
	Header []string
	// summary names the filters, for the audit log.
	summary string
	rows    func(ctx context.Context, emit func(cells []string) error) error
}

// exportList is one list's part of the export: the right it needs and how it
// turns the filters into rows.
type exportList struct {
	title   string
	right   access.Action
	action  audit.Action
	header  []string
	prepare func(ctx context.Context, p access.Principal, params map[string]string) (ExportPlan, error)
}

// ListExportHandler exports the back-office lists.
type ListExportHandler struct {
	lists map[string]exportList
	authz ports.Authorizer
	audit AuditRecorder
}

// ExportProgressEvery is how many rows pass between two calls of a stream's
// progress function.
const ExportProgressEvery = 500

// Prepare authorizes the export (the right of its list), checks its filters
// and format, and counts its rows, without writing anything: a caller answers
// with an error before it starts a file, and decides between a direct
// download and a background job from the count.
func (h *ListExportHandler) Prepare(ctx context.Context, q ListExport) (ExportPlan, error) {
	l, ok := h.lists[q.List]
	if !ok {
		var v apperr.Validation
		v.Add("list", "list_invalid", "未知的导出列表")
		return ExportPlan{}, v.Err()
	}
	if err := access.Authorize(h.authz, q.Principal, l.right, ""); err != nil {
		return ExportPlan{}, err
	}
	if q.Format != "xlsx" && q.Format != "csv" {
		var v apperr.Validation
		v.Add("format", "format_invalid", "导出格式应为 xlsx 或 csv")
		return ExportPlan{}, v.Err()
	}
	plan, err := l.prepare(ctx, q.Principal, q.Params)
	if err != nil {
		return ExportPlan{}, err
	}
	plan.List, plan.Title, plan.Header = q.List, l.title, l.header
	return plan, nil
}

// Record writes the export to the audit log (who exported which list, with
// which filters, how many rows, in which format).
func (h *ListExportHandler) Record(ctx context.Context, q ListExport, plan ExportPlan, how string) error {
	l := h.lists[q.List]
	summary := fmt.Sprintf("导出%s（%s，%d 条%s）%s", l.title, q.Format, plan.Total, how, plan.summary)
	if err := h.audit.Record(ctx, q.Principal, audit.Entry{Action: l.action, Subject: l.title,
		Summary: summary}); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// Stream writes the header and every row of the plan to sink, one page of the
// store at a time, calling progress (when not nil) every
// ExportProgressEvery rows and at the end. It returns how many rows it wrote.
func (h *ListExportHandler) Stream(ctx context.Context, plan ExportPlan, sink RowSink,
	progress func(done int) error) (int, error) {
	if err := sink.WriteRow(plan.Header); err != nil {
		return 0, fmt.Errorf("export header: %w", err)
	}
	n := 0
	err := plan.rows(ctx, func(cells []string) error {
		if err := sink.WriteRow(cells); err != nil {
			return fmt.Errorf("export row %d: %w", n+1, err)
		}
		n++
		if progress != nil && n%ExportProgressEvery == 0 {
			return progress(n)
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	if progress != nil {
		return n, progress(n)
	}
	return n, nil
}

// Export is Prepare, Record and Stream in one: a direct download.
func (h *ListExportHandler) Export(ctx context.Context, q ListExport, sink RowSink) (int, error) {
	plan, err := h.Prepare(ctx, q)
	if err != nil {
		return 0, err
	}
	if err := h.Record(ctx, q, plan, ""); err != nil {
		return 0, err
	}
	return h.Stream(ctx, plan, sink, nil)
}

// Title is the list's name for files and sheets ("" for an unknown list).
func (h *ListExportHandler) Title(list string) string { return h.lists[list].title }

// Right is the action that allows exporting the list (false for an unknown
// list), for pages that show the export buttons.
func (h *ListExportHandler) Right(list string) (access.Action, bool) {
	l, ok := h.lists[list]
	return l.right, ok
}

// paramSummary names the filters given, for the audit log.
func paramSummary(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k, v := range params {
		if strings.TrimSpace(v) != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		v := params[k]
		if len(v) > 200 {
			v = v[:200] + "…"
		}
		b.WriteString("；" + k + "=" + v)
	}
	return b.String()
}

// pagesOf calls read for successive pages (limit exportPageSize) until a
// page comes back short, emitting each page's rows. read is given both the
// page's offset and the last row of the page before (nil for the first): a
// list whose port pages by keyset (ports.MemberQuery.After …) continues after
// that row, so that each page costs the same however deep the export is.
func pagesOf[T any](ctx context.Context, read func(ctx context.Context, limit, offset int, last *T) ([]T, error),
	row func(ctx context.Context, page []T, emit func([]string) error) error, emit func([]string) error) error {
	var last *T
	for offset := 0; ; offset += exportPageSize {
		page, err := read(ctx, exportPageSize, offset, last)
		if err != nil {
			return apperr.Internal(err)
		}
		if err := row(ctx, page, emit); err != nil {
			return err
		}
		if len(page) < exportPageSize {
			return nil
		}
		last = &page[len(page)-1]
	}
}
