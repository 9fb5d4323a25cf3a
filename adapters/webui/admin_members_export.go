package webui

import (
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/internal/tabular"
)

// adminMembersExportPath is 导出: the filtered registry as a file.
const adminMembersExportPath = adminMembersPath + "/export"

// exportLinks are the list's export links, one per format, each with the
// list's filters and order.
func exportLinks(v url.Values) (xlsx, csv string) {
	q := encodeOrdered(v)
	if q != "" {
		q = "&" + q
	}
	return adminMembersExportPath + "?format=" + tabular.XLSX + q, adminMembersExportPath + "?format=" + tabular.CSV + q
}

// adminMembersExport streams every member that the list's filters select, in
// the list's order, as an XLSX sheet or a CSV file (the core records the
// export in the audit log). A filter or format that is wrong shows the error
// page before any byte of the file.
func (u *UI) adminMembersExport(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	q := req.URL.Query()
	ex := query.MemberExport{Principal: sc.Session.Principal, Filters: filtersOf(q), Sort: q.Get("sort"),
		Format: q.Get("format")}
	h := u.app.Queries.MemberExport
	if _, err := h.Check(ex); err != nil {
		return u.showError(w, req, err)
	}
	// A large export runs in the background (导出任务).
	lx := query.ListExport{Principal: ex.Principal, List: query.ExportListMembers, Format: ex.Format,
		Params: paramsOf(q)}
	if plan, err := u.app.Queries.ListExport.Prepare(req.Context(), lx); err == nil &&
		u.app.Queries.ExportJobs.Large(plan.Total) {
		return u.startExportJob(w, req, lx)
	}
	hd := w.Header()
	hd.Set("Content-Type", tabular.ContentType(ex.Format))
	hd.Set("Content-Disposition", httpkit.ContentDisposition("attachment", u.exportTitle(req.Request, "会员名单")+"."+ex.Format,
		"members."+ex.Format))
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	tw, err := u.exportWriter(req.Request, ex.Format, w, "会员名单")
	if err != nil {
		return u.showError(w, req, err)
	}
	if _, err := h.Handle(req.Context(), ex, tw); err != nil {
		_ = tw.Close()
		return err
	}
	return tw.Close()
}

// exportAllowed tells whether the staff member may export the registry.
func (u *UI) exportAllowed(p access.Principal) bool {
	ok, _ := u.app.Can(p, access.ExportMembers)
	return ok
}
