package webui

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/internal/tabular"
)

// adminExportPath is 导出 of a back-office list as it is filtered
// (/admin/export/payments?format=xlsx&status=…); adminExportSelectedPath is
// 「导出所选」 of 会员管理 (POST, the ids in the form).
const (
	adminExportPath         = "/admin/export"
	adminExportSelectedPath = adminMembersPath + "/export-selected"
)

// exportBar is the page's 导出 Excel / 导出 CSV buttons, each carrying the
// list's current filters; nil on a page without them.
type exportBar struct {
	XLSX, CSV string
	// What names the rows for screen readers (筛选出的缴费记录 …).
	What string
}

// exportBarFor returns the buttons of list with the filters of q (paging
// dropped), or nil when the staff member may not export it.
func (u *UI) exportBarFor(sc *staffCtx, list string, q url.Values) *exportBar {
	h := u.app.Queries.ListExport
	if h == nil {
		return nil
	}
	right, ok := h.Right(list)
	if !ok {
		return nil
	}
	if allowed, _ := u.app.Can(sc.Session.Principal, right); !allowed {
		return nil
	}
	v := url.Values{}
	for k, vals := range q {
		if k != "page" && k != "format" && len(vals) > 0 && vals[0] != "" {
			v.Set(k, vals[0])
		}
	}
	base := adminExportPath + "/" + list + "?format="
	rest := ""
	if enc := v.Encode(); enc != "" {
		rest = "&" + enc
	}
	return &exportBar{XLSX: base + tabular.XLSX + rest, CSV: base + tabular.CSV + rest, What: fmt.Sprintf("筛选出的%s", h.Title(list))}
}

// paramsOf is a query's first values by name.
func paramsOf(q url.Values) map[string]string {
	out := make(map[string]string, len(q))
	for k, v := range q {
		if k != "format" && k != "page" && len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

// adminExport streams the list the path names, as filtered by the query, as
// an XLSX sheet or a CSV file (audited by the core). A filter, format or
// right that is wrong shows the error page before any byte of the file; an
// export above the background threshold becomes a job (导出任务) instead.
func (u *UI) adminExport(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	q := req.URL.Query()
	ex := query.ListExport{Principal: sc.Session.Principal, List: req.Param("list"), Format: q.Get("format"),
		Params: paramsOf(q)}
	return u.runExport(w, req, ex)
}

// adminExportSelected is 「导出所选」: the members ticked in 会员管理 (ids
// posted), checked by the core against the export right and bounded.
func (u *UI) adminExportSelected(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	if err := req.ParseForm(); err != nil {
		return u.showError(w, req, err)
	}
	ids := req.PostForm["ids"]
	if len(ids) == 0 {
		var v apperr.Validation
		v.Add("ids", "required", "请先勾选要导出的会员")
		return u.showError(w, req, v.Err())
	}
	ex := query.ListExport{Principal: sc.Session.Principal, List: query.ExportListMembers,
		Format: req.PostForm.Get("format"), Params: map[string]string{"ids": strings.Join(ids, ",")}}
	return u.runExport(w, req, ex)
}

// runExport checks the export and streams it as a download.
func (u *UI) runExport(w http.ResponseWriter, req bunrouter.Request, ex query.ListExport) error {
	h := u.app.Queries.ListExport
	plan, err := h.Prepare(req.Context(), ex)
	if err != nil {
		return u.showError(w, req, err)
	}
	// 「导出所选」 is bounded (query.MaxSelectedExport) and always direct.
	if ex.Params["ids"] == "" && u.app.Queries.ExportJobs.Large(plan.Total) {
		return u.startExportJob(w, req, ex)
	}
	if err := h.Record(req.Context(), ex, plan, ""); err != nil {
		return u.showError(w, req, err)
	}
	setDownloadHeaders(w, u.exportTitle(req.Request, plan.Title), ex.List, ex.Format)
	tw, err := u.exportWriter(req.Request, ex.Format, w, plan.Title)
	if err != nil {
		return u.showError(w, req, err)
	}
	if _, err := h.Stream(req.Context(), plan, tw, nil); err != nil {
		_ = tw.Close()
		return err
	}
	return tw.Close()
}

// setDownloadHeaders names an export's file (会员名单.xlsx, members.xlsx).
func setDownloadHeaders(w http.ResponseWriter, title, list, format string) {
	hd := w.Header()
	hd.Set("Content-Type", tabular.ContentType(format))
	hd.Set("Content-Disposition", httpkit.ContentDisposition("attachment", title+"."+format, list+"."+format))
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
}
