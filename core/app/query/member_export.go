package query

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// MemberExport asks for every member of the registry that the filters select
// (导出), in the list's order, as rows of text for a spreadsheet.
type MemberExport struct {
	Principal access.Principal
	Filters   MemberFilters
	// Sort is one of MemberSorts (empty: by member number).
	Sort string
	// Format names the file's format for the audit log (xlsx, csv).
	Format string
}

// RowSink receives the export's rows one at a time: the header first, then one
// row per member. An adapter writes them straight to its file (a streamed
// XLSX sheet or CSV), so that no more than one page of members is in memory.
type RowSink interface {
	WriteRow(cells []string) error
}

// exportPageSize is how many members one query of the export reads.
const exportPageSize = 1000

// MemberExportHeader is the export's header row (the list's columns and more).
func MemberExportHeader() []string {
	return []string{"会员号", "会员名称", "会员类别", "会员级别", "会员状态", "缴费状态", "所在省份", "所属行业",
		"统一社会信用代码/身份证号", "联系人", "联系电话", "邮箱", "入会日期", "有效期至", "注册时间"}
}

// MemberExportHandler streams the registry's filtered list for staff.
type MemberExportHandler struct {
	directory ports.MemberDirectory
	authz     ports.Authorizer
	clock     ports.Clock
	loc       *time.Location
	audit     AuditRecorder
}

// AuditRecorder appends a staff action to the audit log (command.Auditor).
type AuditRecorder interface {
	Record(ctx context.Context, p access.Principal, e audit.Entry) error
}

// NewMemberExportHandler builds the handler; loc is the association's time
// zone (today's date for the validity filters and the dates written).
func NewMemberExportHandler(directory ports.MemberDirectory, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location, rec AuditRecorder) *MemberExportHandler {
	if loc == nil {
		loc = time.UTC
	}
	return &MemberExportHandler{directory: directory, authz: authz, clock: clock, loc: loc, audit: rec}
}

// Check authorizes the export and checks its filters without writing
// anything, so that a caller can answer with an error before it starts a file.
func (h *MemberExportHandler) Check(q MemberExport) (ports.MemberQuery, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ExportMembers, ""); err != nil {
		return ports.MemberQuery{}, err
	}
	var v apperr.Validation
	f := memberFilter(q.Filters, dayOf(h.clock.Now(), h.loc), &v)
	sort, desc, _ := memberSort(q.Sort, &v)
	if q.Format != "xlsx" && q.Format != "csv" {
		v.Add("format", "format_invalid", "导出格式应为 xlsx 或 csv")
	}
	if err := v.Err(); err != nil {
		return ports.MemberQuery{}, err
	}
	return ports.MemberQuery{Filter: f, Sort: sort, Desc: desc, Limit: exportPageSize}, nil
}

// Handle records the export in the audit log, then writes the header and every
// selected member to sink, one page of the directory at a time. It returns how
// many members were written.
func (h *MemberExportHandler) Handle(ctx context.Context, q MemberExport, sink RowSink) (int, error) {
	pq, err := h.Check(q)
	if err != nil {
		return 0, err
	}
	first, err := h.directory.Search(ctx, pq)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	summary := fmt.Sprintf("导出会员名单（%s，%d 条）%s", q.Format, first.Total, filterSummary(trimmed(pq.Filter)))
	if err := h.audit.Record(ctx, q.Principal, audit.Entry{Action: audit.MemberExport, Subject: "会员管理",
		Summary: summary}); err != nil {
		return 0, apperr.Internal(err)
	}
	if err := sink.WriteRow(MemberExportHeader()); err != nil {
		return 0, fmt.Errorf("export header: %w", err)
	}
	n, page := 0, first
	for {
		for _, r := range page.Rows {
			if err := sink.WriteRow(h.exportRow(memberListItem(r))); err != nil {
				return n, fmt.Errorf("export row %d: %w", n+1, err)
			}
			n++
		}
		if len(page.Rows) < pq.Limit {
			return n, nil
		}
		pq.After = page.Rows[len(page.Rows)-1].ID // keyset: the next page after the last member written
		if page, err = h.directory.Search(ctx, pq); err != nil {
			return n, apperr.Internal(err)
		}
	}
}

// exportRow is one member's cells in the header's order.
func (h *MemberExportHandler) exportRow(it MemberListItem) []string {
	return []string{it.Number, it.Name, it.KindLabel, string(it.Level), it.StatusLabel, it.FeeLabel,
		it.ProvinceLabel, it.IndustryLabel, it.USCC, it.ContactName, it.ContactPhone, it.Email,
		day(it.JoinedOn), day(it.ValidUntil), h.stamp(it.RegisteredAt)}
}

// stamp writes a moment in the association's time zone (empty for none).
func (h *MemberExportHandler) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(h.loc).Format("2006-01-02 15:04")
}

// filterSummary names the filters applied, for the audit log.
func filterSummary(f MemberFilters) string {
	pairs := [][2]string{{"类别", f.Kind}, {"级别", f.Level}, {"状态", f.Status}, {"省份", f.Province},
		{"行业", f.Industry}, {"缴费", f.FeeState}, {"入会年份", f.JoinedYear}, {"有效期止于", f.ExpiresBefore},
		{"有效期起于", f.ExpiresAfter}, {"天内到期", f.ExpiringWithin}, {"搜索", f.Search}}
	out := ""
	for _, p := range pairs {
		if p[1] != "" {
			out += "；" + p[0] + "=" + p[1]
		}
	}
	return out
}
