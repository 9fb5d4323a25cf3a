package httpapi

import (
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/internal/tabular"
)

// exportMembers is GET /members/export?format=xlsx|csv: 导出, every member of
// the registry that the list's filters (the same query parameters as GET
// /members, without paging) select, in the list's order, streamed as an XLSX
// sheet or a UTF-8 CSV with a byte-order mark. Staff only; audited. The
// filters and the right are checked before the first byte is written, so a
// refusal is the usual JSON error.
func (a *API) exportMembers(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	q := req.URL.Query()
	ex := query.MemberExport{Principal: s.Principal, Filters: memberFiltersOf(q), Sort: q.Get("sort"),
		Format: q.Get("format")}
	h := a.app.Queries.MemberExport
	if _, err := h.Check(ex); err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", tabular.ContentType(ex.Format))
	hd.Set("Content-Disposition", httpkit.ContentDisposition("attachment", "会员名单."+ex.Format, "members."+ex.Format))
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	tw, err := tabular.New(ex.Format, w, "会员名单")
	if err != nil {
		return err
	}
	if _, err := h.Handle(req.Context(), ex, tw); err != nil {
		_ = tw.Close()
		return err
	}
	return tw.Close()
}

// memberFiltersOf reads the registry's filters from a URL's query.
func memberFiltersOf(q url.Values) query.MemberFilters {
	return query.MemberFilters{Kind: q.Get("kind"), Level: q.Get("level"), Status: q.Get("status"),
		Province: q.Get("province"), Industry: q.Get("industry"), FeeState: q.Get("fee_state"),
		JoinedYear: q.Get("joined_year"), ExpiresBefore: q.Get("expires_before"),
		ExpiresAfter: q.Get("expires_after"), ExpiringWithin: q.Get("expiring_within"), Search: q.Get("q")}
}
