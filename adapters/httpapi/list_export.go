package httpapi

import (
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/internal/tabular"
)

// exportList is GET /exports/{list}?format=xlsx|csv&…: 导出 of a back-office
// list (members, payments, statements, invoices, audit) as its page's filters
// (the query parameters) select it, streamed as an XLSX sheet or a UTF-8 CSV
// with a byte-order mark, formulas neutralised, audited. The right is the
// list's (payment:export, invoice:export, audit:export — one's own entries
// unless the admin —, member:export); a refusal or a wrong filter is the usual
// JSON error before any byte of the file.
func (a *API) exportList(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	q := req.URL.Query()
	params := map[string]string{}
	for k, v := range q {
		if k != "format" && len(v) > 0 {
			params[k] = v[0]
		}
	}
	return a.streamExport(w, req, query.ListExport{Principal: s.Principal, List: req.Param("list"),
		Format: q.Get("format"), Params: params})
}

// exportSelectedRequest is the body of POST /members/export-selected.
type exportSelectedRequest struct {
	Format string   `json:"format"`
	IDs    []string `json:"ids"`
}

// exportSelectedMembers is POST /members/export-selected: 「导出所选」, the
// members named by id (at most query.MaxSelectedExport), in the order given.
func (a *API) exportSelectedMembers(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var body exportSelectedRequest
	if err := decodeJSON(w, req.Request, &body); err != nil {
		return err
	}
	if len(body.IDs) == 0 {
		var v apperr.Validation
		v.Add("ids", "required", "请先勾选要导出的会员")
		return v.Err()
	}
	return a.streamExport(w, req, query.ListExport{Principal: s.Principal, List: query.ExportListMembers,
		Format: body.Format, Params: map[string]string{"ids": strings.Join(body.IDs, ",")}})
}

// streamExport checks, records and streams an export.
func (a *API) streamExport(w http.ResponseWriter, req bunrouter.Request, ex query.ListExport) error {
	h := a.app.Queries.ListExport
	plan, err := h.Prepare(req.Context(), ex)
	if err != nil {
		return err
	}
	if err := h.Record(req.Context(), ex, plan, ""); err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", tabular.ContentType(ex.Format))
	hd.Set("Content-Disposition", httpkit.ContentDisposition("attachment", plan.Title+"."+ex.Format,
		ex.List+"."+ex.Format))
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	tw, err := tabular.New(ex.Format, w, plan.Title)
	if err != nil {
		return err
	}
	if _, err := h.Stream(req.Context(), plan, tw, nil); err != nil {
		_ = tw.Close()
		return err
	}
	return tw.Close()
}
