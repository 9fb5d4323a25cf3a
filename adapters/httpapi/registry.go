package httpapi

import (
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// memberRowJSON is one member of the registry's list (schema MemberRow).
type memberRowJSON struct {
	ID            string  `json:"id"`
	Number        *string `json:"number"`
	Name          string  `json:"name"`
	Kind          string  `json:"kind"`
	KindLabel     string  `json:"kind_label"`
	Level         string  `json:"level"`
	Status        string  `json:"status"`
	StatusLabel   string  `json:"status_label"`
	FeeState      string  `json:"fee_state"`
	FeeLabel      string  `json:"fee_label"`
	Province      *string `json:"province"`
	ProvinceLabel *string `json:"province_label"`
	Industry      *string `json:"industry"`
	IndustryLabel *string `json:"industry_label"`
	Email         string  `json:"email"`
	USCC          *string `json:"uscc"`
	ContactName   *string `json:"contact_name"`
	ContactPhone  *string `json:"contact_phone"`
	JoinedOn      *string `json:"joined_on"`
	ValidUntil    *string `json:"valid_until"`
	RegisteredAt  string  `json:"registered_at"`
}

func newMemberRowJSON(it query.MemberListItem) memberRowJSON {
	return memberRowJSON{ID: it.ID, Number: optional(it.Number), Name: it.Name, Kind: string(it.Kind),
		KindLabel: it.KindLabel, Level: string(it.Level), Status: string(it.Status), StatusLabel: it.StatusLabel,
		FeeState: string(it.FeeState), FeeLabel: it.FeeLabel, Province: optional(it.Province),
		ProvinceLabel: optional(it.ProvinceLabel), Industry: optional(it.Industry),
		IndustryLabel: optional(it.IndustryLabel), Email: it.Email, USCC: optional(it.USCC),
		ContactName: optional(it.ContactName), ContactPhone: optional(it.ContactPhone),
		JoinedOn: optionalDay(it.JoinedOn), ValidUntil: optionalDay(it.ValidUntil),
		RegisteredAt: timestamp(it.RegisteredAt)}
}

// facetOptionJSON is one value of a filter with its count (schema
// FacetOption).
type facetOptionJSON struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// memberListJSON is one page of the registry (schema MemberList).
type memberListJSON struct {
	Items    []memberRowJSON              `json:"items"`
	Total    int                          `json:"total"`
	Page     int                          `json:"page"`
	PageSize int                          `json:"page_size"`
	Pages    int                          `json:"pages"`
	Clamped  bool                         `json:"clamped"`
	Sort     string                       `json:"sort"`
	Facets   map[string][]facetOptionJSON `json:"facets"`
}

// listMembers is GET /members: 会员管理, one page of the member registry with
// the filters, the search box and the order of the query, and the counts beside
// the filters' values when facets=true. Staff only.
func (a *API) listMembers(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var v apperr.Validation
	page, size := intParam(req, "page", &v), intParam(req, "page_size", &v)
	q := req.URL.Query()
	facets, ferr := strconv.ParseBool(q.Get("facets"))
	if ferr != nil && q.Get("facets") != "" {
		v.Add("facets", "invalid_boolean", "参数 facets 必须是 true 或 false")
	}
	if err := v.Err(); err != nil {
		return err
	}
	list, err := a.app.Queries.MemberList.Handle(req.Context(), query.MemberList{Principal: s.Principal,
		Filters: query.MemberFilters{Kind: q.Get("kind"), Level: q.Get("level"), Status: q.Get("status"),
			Province: q.Get("province"), Industry: q.Get("industry"), FeeState: q.Get("fee_state"),
			JoinedYear: q.Get("joined_year"), ExpiresBefore: q.Get("expires_before"),
			ExpiresAfter: q.Get("expires_after"), ExpiringWithin: q.Get("expiring_within"), Search: q.Get("q")},
		Sort: q.Get("sort"), Page: page, PageSize: size, Facets: facets})
	if err != nil {
		return err
	}
	out := memberListJSON{Items: make([]memberRowJSON, len(list.Items)), Total: list.Total, Page: list.Page,
		PageSize: list.PageSize, Pages: list.Pages, Clamped: list.Clamped, Sort: list.Sort}
	for i, it := range list.Items {
		out.Items[i] = newMemberRowJSON(it)
	}
	if list.Facets != nil {
		out.Facets = map[string][]facetOptionJSON{}
		for _, f := range list.Facets.All() {
			opts := make([]facetOptionJSON, len(f.Options))
			for i, o := range f.Options {
				opts[i] = facetOptionJSON{Value: o.Value, Label: o.Label, Count: o.Count, Selected: o.Selected}
			}
			out.Facets[f.Param] = opts
		}
	}
	return a.ok(w, http.StatusOK, out)
}
