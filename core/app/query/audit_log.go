package query

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// AuditSystem is the staff id of actions taken by the command line or the
// system itself (see command.Auditor).
const AuditSystem = "system"

// AuditLog asks for one page of the audit log (操作日志). The admin reads
// every entry; any other staff account only its own.
type AuditLog struct {
	Principal access.Principal
	Filters   AuditFilters
	// Page counts from 1 (0: the first); a page past the end shows the last
	// page (Clamped). PageSize is 1–MaxPageSize (0: DefaultPageSize); a
	// negative page or a size out of range is an Invalid error.
	Page     int
	PageSize int
}

// AuditFilters are the log's filters as a request gives them (the URL's query
// parameters), empty for none.
type AuditFilters struct {
	Staff  string // a staff account's user name or id, or "system"
	Member string // a member number or member id
	Action string // an audit.Action name
	From   string // YYYY-MM-DD, the first day (association time zone)
	To     string // YYYY-MM-DD, the last day, included
}

// AuditItem is one entry of the log with the names it points to.
type AuditItem struct {
	ID          int64
	At          time.Time
	StaffID     string
	StaffLogin  string // the user name (the staff filter's value); "system" for the system
	StaffName   string // display name (or user name); 「系统」 for the system
	StaffRole   string // the role's Chinese label, empty for the system
	Address     string
	Action      audit.Action
	ActionLabel string
	MemberID    string
	MemberNo    string // the member number, empty before approval
	MemberName  string
	Subject     string
	Summary     string
	Reason      string
	Changes     []audit.Change
}

// AuditActionOption is one value of the action filter.
type AuditActionOption struct {
	Action audit.Action
	Label  string
}

// AuditLogView is one page of the log.
type AuditLogView struct {
	Filters  AuditFilters // as checked (trimmed)
	Items    []AuditItem
	Total    int
	Page     int
	PageSize int
	Pages    int
	Clamped  bool
	// OwnOnly tells that the principal reads only its own entries.
	OwnOnly bool
	// Actions are the action filter's values, with their labels.
	Actions []AuditActionOption
}

// AuditLogHandler reads the audit log for staff.
type AuditLogHandler struct {
	log     ports.AuditLog
	staff   ports.StaffRepository
	members ports.MemberRepository
	authz   ports.Authorizer
	loc     *time.Location
}

// NewAuditLogHandler builds the handler; loc is the association's time zone
// (the days of the date filters).
func NewAuditLogHandler(log ports.AuditLog, staff ports.StaffRepository, members ports.MemberRepository,
	authz ports.Authorizer, loc *time.Location) *AuditLogHandler {
	if loc == nil {
		loc = time.UTC
	}
	return &AuditLogHandler{log: log, staff: staff, members: members, authz: authz, loc: loc}
}

// Handle returns one page of the entries the principal may read. A staff
// account that is not the admin asking for another's entries is refused
// (Forbidden), not answered with an empty page.
func (h *AuditLogHandler) Handle(ctx context.Context, q AuditLog) (AuditLogView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ReadAuditLog, ""); err != nil {
		return AuditLogView{}, err
	}
	all, err := access.Can(h.authz, q.Principal, access.ReadOthersAudit, "")
	if err != nil {
		return AuditLogView{}, err
	}
	pq, f, err := h.portQuery(ctx, q, all)
	if err != nil {
		return AuditLogView{}, err
	}
	page, size := paging(q.Page, q.PageSize)
	pq.Limit, pq.Offset = size, (page-1)*size
	rows, total, err := h.log.List(ctx, pq)
	if err != nil {
		return AuditLogView{}, apperr.Internal(err)
	}
	out := AuditLogView{Filters: f, Total: total, Page: page, PageSize: size, Pages: pages(total, size),
		OwnOnly: !all, Actions: auditActionOptions()}
	if last := max(out.Pages, 1); page > last {
		out.Page, out.Clamped, pq.Offset = last, true, (last-1)*size
		if rows, out.Total, err = h.log.List(ctx, pq); err != nil {
			return AuditLogView{}, apperr.Internal(err)
		}
		out.Pages = pages(out.Total, size)
	}
	out.Items = h.items(ctx, rows)
	return out, nil
}

// portQuery checks the filters and the paging and returns the port's query
// with the filters as applied. Without all, the query is the principal's own
// entries, and a filter naming another account is refused.
func (h *AuditLogHandler) portQuery(ctx context.Context, q AuditLog, all bool) (ports.AuditQuery, AuditFilters,
	error) {
	in := AuditFilters{Staff: strings.TrimSpace(q.Filters.Staff), Member: strings.TrimSpace(q.Filters.Member),
		Action: strings.TrimSpace(q.Filters.Action), From: strings.TrimSpace(q.Filters.From),
		To: strings.TrimSpace(q.Filters.To)}
	var pq ports.AuditQuery
	var v apperr.Validation
	if all {
		pq.StaffID = h.staffID(ctx, in.Staff, &v)
	} else {
		if in.Staff != "" && !h.isSelf(ctx, q.Principal, in.Staff) {
			return pq, in, access.Authorize(h.authz, q.Principal, access.ReadOthersAudit, "")
		}
		pq.StaffID = q.Principal.ID
	}
	pq.MemberID = h.memberID(ctx, in.Member, &v)
	if in.Action != "" {
		if a := audit.Action(in.Action); a.Label() != in.Action {
			pq.Action = a
		} else {
			v.Add("action", "action_invalid", "未知的操作类型")
		}
	}
	pq.From = h.day(&v, "from", in.From, 0)
	pq.To = h.day(&v, "to", in.To, 1)
	if !pq.From.IsZero() && !pq.To.IsZero() && !pq.From.Before(pq.To) {
		v.Add("from", "range_invalid", "起始日期不能晚于截止日期")
	}
	if q.Page < 0 {
		v.Add("page", "page_invalid", "页码应为正整数")
	}
	if q.PageSize < 0 || q.PageSize > MaxPageSize {
		v.Add("page_size", "page_size_invalid", "每页条数应为 1 至 100 之间的整数")
	}
	return pq, in, v.Err()
}

// isSelf reports whether the staff filter names the principal's own account.
func (h *AuditLogHandler) isSelf(ctx context.Context, p access.Principal, s string) bool {
	if s == p.ID {
		return true
	}
	me, err := h.staff.Get(ctx, p.ID)
	return err == nil && me.Username() == s
}

// staffID resolves the staff filter (user name, id or "system").
func (h *AuditLogHandler) staffID(ctx context.Context, s string, v *apperr.Validation) string {
	if s == "" || s == AuditSystem {
		return s
	}
	if st, err := h.staff.GetByUsername(ctx, s); err == nil {
		return st.ID()
	}
	if st, err := h.staff.Get(ctx, s); err == nil {
		return st.ID()
	}
	v.Add("staff", "staff_unknown", fmt.Sprintf("没有用户名为「%s」的工作人员账号", s))
	return ""
}

// memberID resolves the member filter (member number or id).
func (h *AuditLogHandler) memberID(ctx context.Context, s string, v *apperr.Validation) string {
	if s == "" {
		return ""
	}
	if ms, err := h.members.FindForLogin(ctx, s); err == nil {
		for _, m := range ms {
			if m.Number() == s {
				return m.ID()
			}
		}
	}
	if m, err := h.members.Get(ctx, s); err == nil {
		return m.ID()
	}
	v.Add("member", "member_unknown", fmt.Sprintf("没有会员号为「%s」的会员", s))
	return ""
}

// day parses a YYYY-MM-DD filter as midnight of that day (plus add days) in
// the association's time zone.
func (h *AuditLogHandler) day(v *apperr.Validation, field, s string, add int) time.Time {
	if s == "" {
		return time.Time{}
	}
	d, err := time.ParseInLocation(time.DateOnly, s, h.loc)
	if err != nil {
		v.Add(field, "date_invalid", "日期格式应为 YYYY-MM-DD，如 2024-03-01")
		return time.Time{}
	}
	return d.AddDate(0, 0, add)
}

// items maps the page's entries, naming their staff and members (each looked
// up once per page).
func (h *AuditLogHandler) items(ctx context.Context, rows []audit.Entry) []AuditItem {
	names := auditNames{staff: map[string][3]string{}, members: map[string][2]string{}}
	out := make([]AuditItem, 0, len(rows))
	for _, e := range rows {
		it := AuditItem{ID: e.ID, At: e.At, StaffID: e.StaffID, Address: e.Address, Action: e.Action,
			ActionLabel: e.Action.Label(), MemberID: e.MemberID, Subject: e.Subject, Summary: e.Summary,
			Reason: e.Reason, Changes: e.Changes}
		it.StaffLogin, it.StaffName, it.StaffRole = names.staffOf(ctx, h.staff, e.StaffID)
		if e.MemberID != "" {
			it.MemberNo, it.MemberName = names.memberOf(ctx, h.members, e.MemberID)
		}
		out = append(out, it)
	}
	return out
}

// auditNames caches the names of one page's staff and members.
type auditNames struct {
	staff   map[string][3]string // id → user name, name, role label
	members map[string][2]string // id → number, name
}

// staffOf names a staff account: its user name, display name (or user name)
// and role; an unknown one keeps its id.
func (n auditNames) staffOf(ctx context.Context, repo ports.StaffRepository, id string) (string, string, string) {
	if id == AuditSystem {
		return AuditSystem, "系统", ""
	}
	if v, ok := n.staff[id]; ok {
		return v[0], v[1], v[2]
	}
	v := [3]string{id, id, ""}
	if s, err := repo.Get(ctx, id); err == nil {
		v = [3]string{s.Username(), s.DisplayName(), s.Role().Label()}
		if v[1] == "" {
			v[1] = s.Username()
		}
	}
	n.staff[id] = v
	return v[0], v[1], v[2]
}

// memberOf gives a member's number and name.
func (n auditNames) memberOf(ctx context.Context, repo ports.MemberRepository, id string) (string, string) {
	if v, ok := n.members[id]; ok {
		return v[0], v[1]
	}
	var v [2]string
	if m, err := repo.Get(ctx, id); err == nil {
		v = [2]string{m.Number(), m.Name()}
	}
	n.members[id] = v
	return v[0], v[1]
}

// auditActionOptions lists the action filter's values.
func auditActionOptions() []AuditActionOption {
	as := audit.Actions()
	out := make([]AuditActionOption, len(as))
	for i, a := range as {
		out[i] = AuditActionOption{Action: a, Label: a.Label()}
	}
	return out
}
