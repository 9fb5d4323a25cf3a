package webui

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// adminAuditPath is 操作日志 (the admin's) or 我的操作记录 (every other staff
// account's own entries).
const adminAuditPath = "/admin/audit"

// auditParams are the log's query parameters besides the page, in the order
// canonical URLs write them.
var auditParams = []string{"staff", "member", "action", "from", "to"}

// auditView is the data of 操作日志.
type auditView struct {
	Title   string // 操作日志 or 我的操作记录
	List    query.AuditLogView
	Values  url.Values // the filters as the form shows them
	Actions []optionView
	Any     bool // a filter is set
	Prev    string
	Next    string
}

// adminAuditList is the audit log: its filters live in the URL (a GET form),
// pages are the server's. A filter the core refuses is dropped with a message;
// a staff account other than the admin asking for another's entries gets the
// core's refusal.
func (u *UI) adminAuditList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	raw := req.URL.Query()
	page, _ := strconv.Atoi(raw.Get("page"))
	if canon := auditURL(raw, page); hasEmpty(raw) && canon != req.URL.RequestURI() {
		return redirect(w, req, canon)
	}
	p := u.newPage(w, req, "")
	status := http.StatusOK
	list, err := u.auditLog(req, sc, raw, page)
	if e := apperr.As(err); err != nil && e.Kind == apperr.KindInvalid {
		var pageRefused bool
		if status, pageRefused = p.ignoreBadFilters(e, raw); pageRefused {
			page = 0
		}
		list, err = u.auditLog(req, sc, raw, page)
	}
	if err != nil {
		return u.showError(w, req, err)
	}
	v := auditView{Title: "操作日志", List: list, Values: auditValues(list.Filters)}
	if list.OwnOnly {
		v.Title = "我的操作记录"
	}
	v.Any = len(v.Values) > 0
	for _, a := range list.Actions {
		v.Actions = append(v.Actions, optionView{Value: string(a.Action), Label: a.Label,
			Selected: string(a.Action) == list.Filters.Action})
	}
	v.Prev, v.Next = queueLinks(list.Page, list.Pages, func(n int) string { return auditURL(v.Values, n) })
	if list.Clamped {
		p.Notice = fmt.Sprintf("第 %d 页不存在，已显示最后一页", page)
	}
	p.Portal = u.staffPortal(sc, "audit")
	p.Data = v
	p.Export = u.exportBarFor(sc, query.ExportListAudit, v.Values)
	u.render(w, req, status, "admin_audit.html", p)
	return nil
}

// auditLog asks the core for the page of the query's filters.
func (u *UI) auditLog(req bunrouter.Request, sc *staffCtx, q url.Values, page int) (query.AuditLogView, error) {
	return u.app.Queries.AuditLog.Handle(req.Context(), query.AuditLog{Principal: sc.Session.Principal,
		Filters: query.AuditFilters{Staff: q.Get("staff"), Member: q.Get("member"), Action: q.Get("action"),
			From: q.Get("from"), To: q.Get("to")}, Page: max(page, 0)})
}

// auditValues is the query of the filters as applied.
func auditValues(f query.AuditFilters) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"staff": f.Staff, "member": f.Member, "action": f.Action, "from": f.From,
		"to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// auditURL is the canonical URL of the log with the filters of v on page (0
// or 1: the first).
func auditURL(v url.Values, page int) string {
	var parts []string
	for _, k := range auditParams {
		if s := v.Get(k); s != "" {
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(s))
		}
	}
	if page > 1 {
		parts = append(parts, "page="+strconv.Itoa(page))
	}
	if len(parts) == 0 {
		return adminAuditPath
	}
	return adminAuditPath + "?" + strings.Join(parts, "&")
}
